// dsocore — ISO 4217 currencies; the code list and minor units come from ICU.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "dsocore/core/config.hpp"

DSOCORE_BEGIN_NAMESPACE

class Currency {
public:
    /// The ISO 4217 currency with this alphabetic code, as ICU knows it; throws
    /// Error(invalid_argument) for anything else.
    static Currency of(std::string_view code);
    /// nullopt when the code is not an ISO 4217 code known to ICU.
    static std::optional<Currency> find(std::string_view code) noexcept;

    /// Three uppercase letters.
    std::string code() const;
    /// Minor-unit digits (EUR 2, JPY 0, KWD 3, CLF 4).
    int minor_units() const noexcept { return digits_; }
    /// Packed code, for hashing and dense tables.
    std::uint32_t packed() const noexcept { return code_; }

    friend bool operator==(Currency a, Currency b) noexcept { return a.code_ == b.code_; }
    friend bool operator<(Currency a, Currency b) noexcept { return a.code_ < b.code_; }

private:
    Currency(std::uint32_t code, int digits) : code_(code), digits_(static_cast<std::int8_t>(digits)) {}
    std::uint32_t code_;
    std::int8_t digits_;
    // Explicit padding, zero: snapshots write currencies as bytes, so every byte of the
    // object is defined (two snapshots of one ledger are identical).
    [[maybe_unused]] std::uint8_t reserved_[3] = {0, 0, 0};
};
static_assert(sizeof(Currency) == 8);

DSOCORE_END_NAMESPACE

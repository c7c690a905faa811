#include "dsocore/core/currency.hpp"

#include <unicode/ucurr.h>
#include <unicode/uenum.h>

#include <unordered_map>

#include "dsocore/core/error.hpp"
#include "dsocore/core/money.hpp"

DSOCORE_BEGIN_NAMESPACE

namespace {

std::uint32_t pack(std::string_view c) {
    return static_cast<std::uint32_t>(static_cast<unsigned char>(c[0])) << 16 |
           static_cast<std::uint32_t>(static_cast<unsigned char>(c[1])) << 8 |
           static_cast<std::uint32_t>(static_cast<unsigned char>(c[2]));
}

/// ICU's ISO 4217 list with each code's standard minor units, built once.
const std::unordered_map<std::uint32_t, int>& iso_table() {
    static const std::unordered_map<std::uint32_t, int> table = [] {
        std::unordered_map<std::uint32_t, int> t;
        UErrorCode status = U_ZERO_ERROR;
        UEnumeration* e = ucurr_openISOCurrencies(UCURR_ALL, &status);
        if (U_FAILURE(status)) return t;
        const char* code = nullptr;
        int32_t len = 0;
        while ((code = uenum_next(e, &len, &status)) != nullptr && U_SUCCESS(status)) {
            if (len != 3) continue;
            UChar u[4] = {static_cast<UChar>(code[0]), static_cast<UChar>(code[1]), static_cast<UChar>(code[2]), 0};
            UErrorCode st = U_ZERO_ERROR;
            const int32_t digits = ucurr_getDefaultFractionDigitsForUsage(u, UCURR_USAGE_STANDARD, &st);
            if (U_SUCCESS(st)) t.emplace(pack(std::string_view(code, 3)), digits);
        }
        uenum_close(e);
        return t;
    }();
    return table;
}

} // namespace

std::optional<Currency> Currency::find(std::string_view code) noexcept {
    if (code.size() != 3) return std::nullopt;
    for (char ch : code)
        if (ch < 'A' || ch > 'Z') return std::nullopt;
    const auto& t = iso_table();
    const auto it = t.find(pack(code));
    if (it == t.end()) return std::nullopt;
    return Currency(it->first, it->second);
}

Currency Currency::of(std::string_view code) {
    if (auto c = find(code)) return *c;
    throw Error(Errc::invalid_argument, "'" + std::string(code) + "' is not an ISO 4217 currency code");
}

std::string Currency::code() const {
    return std::string{static_cast<char>(code_ >> 16 & 0xff), static_cast<char>(code_ >> 8 & 0xff),
                       static_cast<char>(code_ & 0xff)};
}

// --- Money ---------------------------------------------------------------------

Money Money::parse(std::string_view text, Currency c) {
    const Decimal d = Decimal::parse(text);
    if (!d.units_at(c.minor_units()))
        throw Error(Errc::invalid_argument, "'" + std::string(text) + "' has more decimals than " + c.code() +
                                                " allows (" + std::to_string(c.minor_units()) + ")");
    return Money(d, c);
}

std::int64_t Money::minor_units() const {
    const auto u = amount_.units_at(currency_.minor_units());
    if (!u) throw Error(Errc::invalid_argument, amount_.to_string() + " is not a whole number of " +
                                                    currency_.code() + " minor units");
    return amount_.to_int64_units(currency_.minor_units(), Rounding::down);
}

std::string Money::to_string() const {
    return amount_.rescale(std::max(amount_.scale(), currency_.minor_units()), Rounding::down).to_string() + ' ' +
           currency_.code();
}

void Money::require_same(const Money& b) const {
    if (!(currency_ == b.currency_))
        throw Error(Errc::currency_mismatch,
                    "cannot combine " + currency_.code() + " and " + b.currency_.code() + " without conversion");
}

DSOCORE_END_NAMESPACE

// dsocore — Money: an exact amount in one currency.
#pragma once

#include <cstdint>
#include <string>

#include "dsocore/core/currency.hpp"
#include "dsocore/core/decimal.hpp"

DSOCORE_BEGIN_NAMESPACE

class Money {
public:
    Money(Decimal amount, Currency currency) : amount_(std::move(amount)), currency_(currency) {}
    /// From an integer count of minor units (1234 EUR cents = 12.34 EUR).
    static Money from_minor(std::int64_t units, Currency c) {
        return Money(Decimal::from_units(units, c.minor_units()), c);
    }
    /// Strict parse; non-zero digits beyond the currency's minor units are an error.
    static Money parse(std::string_view text, Currency c);

    const Decimal& amount() const noexcept { return amount_; }
    Currency currency() const noexcept { return currency_; }
    /// Exact minor units; throws Error(invalid_argument) when the amount has more digits.
    std::int64_t minor_units() const;
    /// Rounded to the currency's minor unit with an explicit mode.
    Money rounded(Rounding mode) const {
        return Money(amount_.rescale(currency_.minor_units(), mode), currency_);
    }
    /// "1234.50 EUR"
    std::string to_string() const;

    /// Same currency only: adding EUR and USD throws Error(currency_mismatch).
    friend Money operator+(const Money& a, const Money& b) {
        a.require_same(b);
        return Money(a.amount_ + b.amount_, a.currency_);
    }
    friend Money operator-(const Money& a, const Money& b) {
        a.require_same(b);
        return Money(a.amount_ - b.amount_, a.currency_);
    }
    Money operator-() const { return Money(-amount_, currency_); }
    /// Scaling by a pure number (a rate, a quantity) keeps the currency.
    friend Money operator*(const Money& a, const Decimal& k) { return Money(a.amount_ * k, a.currency_); }
    friend bool operator==(const Money& a, const Money& b) {
        return a.currency_ == b.currency_ && a.amount_ == b.amount_;
    }

    /// Conversion with an explicit rate (1 unit of this = rate units of `to`), rounded
    /// to `to`'s minor unit with `mode` (the spec uses half-even).
    Money convert(Currency to, const Decimal& rate, Rounding mode) const {
        return Money((amount_ * rate).rescale(to.minor_units(), mode), to);
    }

private:
    void require_same(const Money& b) const;
    Decimal amount_;
    Currency currency_;
};

DSOCORE_END_NAMESPACE

// Money + a bare Decimal (an amount without a currency) must not compile.
#include "dsocore/core/money.hpp"
int main() {
    using namespace dsocore;
    const Money m = Money::from_minor(100, Currency::of("EUR"));
    const Money twice = m + m; // same type: compiles (same currency checked at run time)
    (void)twice;
#ifdef DSOCORE_COMPILE_FAIL
    auto bad = m + Decimal(1);
    (void)bad;
#endif
}

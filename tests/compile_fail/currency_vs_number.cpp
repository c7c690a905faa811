// A currency is not an integer: comparing a Currency with a number must not compile.
#include "dsocore/core/currency.hpp"
int main() {
    using namespace dsocore;
    const Currency eur = Currency::of("EUR");
    bool same = eur == Currency::of("EUR");
    (void)same;
#ifdef DSOCORE_COMPILE_FAIL
    bool bad = eur == 978;
    (void)bad;
#endif
}

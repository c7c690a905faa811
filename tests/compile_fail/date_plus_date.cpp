// Date + Date is meaningless and must not compile.
#include "dsocore/core/date.hpp"
int main() {
    const dsocore::Date a = dsocore::Date::from_days(1), b = dsocore::Date::from_days(2);
    int days = b - a; // a number of days: fine
    (void)days;
#ifdef DSOCORE_COMPILE_FAIL
    auto c = a + b;
    (void)c;
#endif
}

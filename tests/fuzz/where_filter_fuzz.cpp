// The --where expression parser and evaluator on a small ledger: compile either
// throws dsocore::Error (with a message) or gives a filter; applying it fills the
// masks deterministically and never selects a row that was already out.
#include <vector>

#include "dsocore/reports/filter.hpp"
#include "fuzz/load_common.hpp"

DSOCORE_FUZZ_TARGET(where_filter) {
    static const dsocore::Ledger L = dsocore::Ledger::load_sources(fuzz::companions("items.csv"), fuzz::fuzz_options(false));
    const std::string_view text = fuzz::as_text(data, size);
    const dsocore::Date as_of = dsocore::Date::from_ymd(2026, 6, 30);
    fuzz::expect_error_or_value([&] {
        (void)dsocore::Filter::compile(text, dsocore::ledger_fields(L, as_of));
    });
    std::vector<std::uint8_t> c1(L.customers().size(), 1), i1(L.items().size(), 1);
    if (!fuzz::expect_error_or_value([&] { dsocore::apply_filter(L, text, as_of, c1, i1); })) return;
    std::vector<std::uint8_t> c2(L.customers().size(), 1), i2(L.items().size(), 1);
    i2[0] = 0; // a row already out stays out
    dsocore::apply_filter(L, text, as_of, c2, i2);
    FUZZ_CHECK(c1.size() == L.customers().size() && i1.size() == L.items().size(), "mask sizes changed");
    FUZZ_CHECK(i2[0] == 0, "apply_filter selected a row that was out");
    for (std::size_t k = 1; k < i1.size(); ++k) FUZZ_CHECK(i1[k] == i2[k], "apply_filter is not deterministic");
}

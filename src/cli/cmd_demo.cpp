// dsocore demo: the main job on the bundled sample data.
#include <algorithm>
#include <chrono>
#include <iomanip>
#include <ostream>
#include <set>

#include "cli.hpp"
#include "dsocore/reports/report.hpp"

namespace dsocore::cli {
namespace {

std::string pad(std::string s, std::size_t w, bool right = true) {
    // Width in code points (names may hold UTF-8).
    std::size_t cps = 0;
    for (const char c : s) cps += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    if (cps >= w) return s;
    return right ? std::string(w - cps, ' ') + s : s + std::string(w - cps, ' ');
}

std::string truncate(const std::string& s, std::size_t w) {
    std::size_t cps = 0, i = 0;
    for (; i < s.size(); ++i) {
        if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
            if (cps == w) break;
            ++cps;
        }
    }
    return s.substr(0, i);
}

int run(Args& args, std::ostream& out, std::ostream& err) {
    const std::string dir = args.get("data").value_or(sample_data_dir());
    const auto as_of_opt = args.get("as-of");
    args.finish();
    const auto t0 = std::chrono::steady_clock::now();
    const Ledger L = Ledger::load(dir);
    const auto t1 = std::chrono::steady_clock::now();
    const Date A = as_of_opt ? Date::parse_or_throw(*as_of_opt) : L.latest_date();
    std::set<std::string_view> entities;
    std::set<std::uint32_t> currencies;
    for (auto e : L.customers().entity) entities.insert(L.str(e));
    for (auto c : L.items().currency) currencies.insert(c.packed());
    const std::string company = L.company().name.empty() ? "dsocore" : L.company().name;
    out << "dsocore demo — " << company << "\n"
        << "data " << dir << "\n"
        << "as of " << A.to_string() << ", base currency " << L.company().base_currency.code() << ": "
        << L.customers().size() << " customers, " << L.items().size() << " items, " << L.allocations().size()
        << " allocations, " << entities.size() << " entities, " << currencies.size() << " currencies\n"
        << "loaded in " << std::chrono::duration_cast<std::chrono::milliseconds>(t1 - t0).count() << " ms\n\n";

    ReportRequest req;
    req.as_of = A;
    req.name = "aging";
    req.by = "total";
    const Table aging = run_report(L, req);
    out << "Aging balance (" << aging.base_currency << ")\n";
    for (std::size_t c = 1; c < aging.columns.size(); ++c) out << pad(aging.columns[c].name, 15);
    out << '\n';
    for (std::size_t c = 1; c < aging.columns.size(); ++c)
        out << pad(aging.rows() ? aging.cell_text(c, 0) : "0", 15);
    out << "\n\n";

    out << "DSO over 90 days (days)\n";
    for (const char* method : {"countback", "standard", "average"}) {
        req.name = "dso";
        req.options = {{"method", method}};
        const Table d = run_report(L, req);
        out << "  " << pad(method, 10, false) << pad(d.cell_text(d.column_index("dso"), 0), 8);
        if (std::string(method) == "standard")
            out << "   best possible " << d.cell_text(d.column_index("bpdso"), 0) << ", average days delinquent "
                << d.cell_text(d.column_index("add"), 0);
        const std::string note = d.cell_text(d.column_index("note"), 0);
        if (!note.empty()) out << "   (" << note << ")";
        out << '\n';
    }
    out << '\n';

    req.name = "aging";
    req.by = "customer";
    req.options.clear();
    const Table byc = run_report(L, req);
    const std::size_t c_over = byc.column_index("overdue"), c_total = byc.column_index("total");
    const std::size_t c_last = c_total - 1;
    std::vector<std::size_t> rows(byc.rows());
    for (std::size_t r = 0; r < rows.size(); ++r) rows[r] = r;
    const auto& over = byc.columns[c_over].ints;
    std::stable_sort(rows.begin(), rows.end(), [&](std::size_t a, std::size_t b) { return over[a] > over[b]; });
    out << "Ten most overdue customers (" << byc.base_currency << ")\n"
        << pad("entity", 6, false) << "  " << pad("customer", 10, false) << "  " << pad("name", 32, false)
        << pad("overdue", 14) << pad(byc.columns[c_last].name, 14) << pad("total", 14) << '\n';
    for (std::size_t k = 0; k < std::min<std::size_t>(10, rows.size()); ++k) {
        const std::size_t r = rows[k];
        const std::string ent = byc.cell_text(0, r), id = byc.cell_text(1, r);
        const std::uint32_t c = L.find_customer(ent, id);
        out << pad(ent, 6, false) << "  " << pad(id, 10, false) << "  "
            << pad(truncate(std::string(L.str(L.customers().name[c])), 30), 32, false)
            << pad(byc.cell_text(c_over, r), 14) << pad(byc.cell_text(c_last, r), 14)
            << pad(byc.cell_text(c_total, r), 14) << '\n';
    }
    (void)err;
    return 0;
}
const Registrar reg({"demo", "demo [--data DIR] [--as-of DATE]", &run, {}});
} // namespace
} // namespace dsocore::cli

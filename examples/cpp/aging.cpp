// dsocore from C++: load the sample portfolio and print its aging by entity.
//   find_package(dsocore) + target_link_libraries(app PRIVATE dsocore::dsocore)
#include <iomanip>
#include <iostream>

#include "dsocore/core/error.hpp"
#include "dsocore/reports/report.hpp"

int main(int argc, char** argv) {
    const std::string dir = argc > 1 ? argv[1] : "examples/data";
    try {
        const dsocore::Ledger ledger = dsocore::Ledger::load(dir);
        dsocore::ReportRequest req;
        req.name = "aging";
        req.as_of = dsocore::Date::parse_or_throw(argc > 2 ? argv[2] : "2026-06-30");
        req.by = "entity";
        const dsocore::Table t = dsocore::run_report(ledger, req);
        std::cout << "Aging by entity as of " << t.as_of.to_string() << " (" << t.base_currency << ")\n";
        for (const auto& c : t.columns) std::cout << std::setw(14) << c.name;
        std::cout << '\n';
        for (std::size_t r = 0; r < t.rows(); ++r) {
            for (std::size_t c = 0; c < t.columns.size(); ++c) std::cout << std::setw(14) << t.cell_text(c, r);
            std::cout << '\n';
        }
    } catch (const dsocore::Error& e) {
        std::cerr << "aging: " << e.what() << '\n';
        return 1;
    }
    return 0;
}

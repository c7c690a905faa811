// Prints a report as CSV through the C++ library (Table cells), for the cross-door
// comparison. usage: cpp_report DATA_DIR REPORT AS_OF [key=value ...]
//                    cpp_report DATA_DIR render AS_OF CUSTOMER STEP (format_rendered)
#include <iostream>
#include <string>

#include "dsocore/collection/actions.hpp"
#include "dsocore/collection/agenda.hpp"
#include "dsocore/collection/alerts.hpp"
#include "dsocore/collection/render.hpp"
#include "dsocore/reports/report.hpp"

int main(int argc, char** argv) {
    using namespace dsocore;
    if (argc < 4) return 2;
    try {
        if (std::string(argv[2]) == "render") {
            if (argc != 6) return 2;
            LoadOptions o;
            o.templates = true;
            const Ledger ledger = Ledger::load(argv[1], o);
            const auto [entity, id] = split_customer_key(argv[4]);
            std::cout << format_rendered(render_step(ledger, Date::parse_or_throw(argv[3]), entity, id, argv[5]));
            return 0;
        }
        const Ledger ledger = Ledger::load(argv[1]);
        ReportRequest req;
        req.name = argv[2];
        req.as_of = Date::parse_or_throw(argv[3]);
        for (int a = 4; a < argc; ++a) {
            const std::string kv = argv[a];
            const auto eq = kv.find('=');
            if (eq == std::string::npos) return 2;
            if (kv.substr(0, eq) == "by") req.by = kv.substr(eq + 1);
            else req.options[kv.substr(0, eq)] = kv.substr(eq + 1);
        }
        const Table t = req.name == "agenda"   ? agenda_table(ledger, compute_agenda(ledger, req.as_of))
                        : req.name == "alerts" ? alerts_table(ledger, compute_alerts(ledger, req.as_of))
                                               : run_report(ledger, req);
        for (std::size_t c = 0; c < t.columns.size(); ++c) std::cout << (c ? "," : "") << t.columns[c].name;
        std::cout << '\n';
        for (std::size_t r = 0; r < t.rows(); ++r) {
            for (std::size_t c = 0; c < t.columns.size(); ++c) std::cout << (c ? "," : "") << t.cell_text(c, r);
            std::cout << '\n';
        }
    } catch (const std::exception& e) {
        std::cerr << "cpp_report: " << e.what() << '\n';
        return 1;
    }
    return 0;
}

// The loader fuzz targets' shared part (see load_common.hpp).
#include "fuzz/load_common.hpp"

#include "dsocore/reports/report.hpp"

namespace fuzz {

namespace {

const char* const kCompany = R"({"name": "Fuzz SA", "base_currency": "EUR", "aging_buckets": [30, 60, 90]})";
const char* const kScenarios =
    R"({"scenarios": [{"id": "standard", "name": "Standard", "min_gap_days": 3, "old_item_days": 180,
   "anchor": "due_date", "min_amount": "0", "steps": [
   {"id": "r1", "offset_days": 5, "channel": "email", "mode": "auto", "template": "reminder1"},
   {"id": "call", "offset_days": 30, "channel": "call", "mode": "manual"}]}], "default": "standard"})";
const char* const kFx = "date,currency,rate\n2020-01-01,USD,0.9\n2020-01-01,GBP,1.15\n2020-01-01,JPY,0.006\n";
const char* const kCustomers =
    "entity,customer_id,name,currency,payment_terms_days,credit_limit,custom_1\n"
    "FR01,C1,Alpha,EUR,30,1000.00,x\nFR01,C2,Beta,USD,45,,\n,C3,Gamma,,,,\n";
const char* const kItems =
    "entity,item_id,customer_id,type,issue_date,due_date,currency,amount,open_amount,status\n"
    "FR01,I1,C1,invoice,2026-04-10,2026-05-10,,1000.00,400.00,\n"
    "FR01,I2,C1,credit_note,2026-06-01,,,-100.00,-100.00,\n"
    "FR01,I3,C2,invoice,2026-06-15,,,500.00,500.00,dispute:price\n"
    ",I4,C3,invoice,2026-06-01,,,80.00,80.00,\n";

} // namespace

/// The companions of `file`: the files it refers to, valid, and nothing that refers
/// back to rows the fuzzed file might not have.
dsocore::DataSources companions(std::string_view file) {
    dsocore::DataSources s{{"company.json", kCompany}, {"scenarios.json", kScenarios}, {"fx.csv", kFx},
                           {"customers.csv", kCustomers}, {"items.csv", kItems}};
    if (file == "customers.csv") s["items.csv"] = "item_id,customer_id,issue_date,amount\n";
    if (file == "allocations.csv" || file == "disputes.csv" || file == "actions.csv") {
        s["items.csv"] = "entity,item_id,customer_id,issue_date,amount,open_amount\n"
                         "FR01,I1,C1,2026-04-10,1000.00,1000.00\nFR01,I3,C2,2026-06-15,500.00,500.00\n";
    }
    return s;
}

dsocore::LoadOptions fuzz_options(bool templates) {
    dsocore::LoadOptions o;
    o.templates = templates;
    o.builtin_templates = "/nonexistent/dsocore-fuzz-no-builtin-templates";
    o.max_errors_per_file = 20;
    return o;
}

/// Runs the reports a loaded ledger must answer without crashing.
void exercise(const dsocore::Ledger& L) {
    for (const char* name : {"aging", "dso"}) {
        dsocore::ReportRequest r;
        r.name = name;
        r.as_of = dsocore::Date::from_ymd(2026, 6, 30);
        expect_error_or_value([&] { (void)dsocore::to_csv(dsocore::run_report(L, r)); });
    }
    (void)L.latest_date();
    for (std::uint32_t i = 0; i < L.items().size(); ++i) (void)L.balance_at(i, L.items().issue_date[i]);
}

/// The canonical text of every CSV file reloads to the same canonical text.
void check_round_trip(const dsocore::Ledger& L, const dsocore::DataSources& original, bool templates) {
    dsocore::DataSources again;
    for (const auto& [name, text] : original) {
        if (name.size() > 4 && name.substr(name.size() - 4) == ".csv") again[name] = L.csv_text(name);
        else again[name] = text; // JSON and templates are written back as read
    }
    bool ok = false;
    try {
        const dsocore::Ledger L2 = dsocore::Ledger::load_sources(again, fuzz_options(templates));
        ok = true;
        for (const auto& [name, text] : again)
            if (name.size() > 4 && name.substr(name.size() - 4) == ".csv")
                FUZZ_CHECK(L2.csv_text(name) == text, "canonical " + name + " is not stable:\n" + text + "\n---\n" +
                                                          L2.csv_text(name));
    } catch (const dsocore::Error& e) {
        FUZZ_CHECK(ok, std::string("the canonical form of a loaded ledger does not load: ") + e.what());
    }
}

/// Fuzzes one file of the directory.
void fuzz_load_file(const std::string& file, const std::uint8_t* data, std::size_t size, bool templates) {
    dsocore::DataSources src = companions(file);
    src[file] = std::string(as_text(data, size));
    expect_error_or_value([&] {
        const dsocore::Ledger L = dsocore::Ledger::load_sources(src, fuzz_options(templates));
        exercise(L);
        check_round_trip(L, src, templates);
    });
}

} // namespace fuzz

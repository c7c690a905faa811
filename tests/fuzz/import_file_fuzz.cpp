// The messy-file import: the first byte picks one of a few profiles (a French ERP
// export with decimal commas and dd/MM/yyyy dates, debit/credit columns with Excel
// serials, a customer master with value maps and case rules, the canonical items,
// allocations and fx files, the daily open-item replacement); the rest is the source
// file, read with encoding detection, separator detection, number and date cleaning,
// merged into a small data directory. See import_common.hpp for the checks.
#include <array>

#include "dsocore/io/profile.hpp"
#include "fuzz/import_common.hpp"

namespace {

const char* const kProfiles[] = {
    R"({"kind": "items", "encoding": "auto", "separator": "auto",
        "decimal_separator": ",", "thousands_separator": " ",
        "date_formats": ["dd/MM/yyyy", "yyyyMMdd", "excel"],
        "columns": {
          "customer_id": {"source": "Code client", "strip_leading_zeros": true},
          "item_id": {"source": "Piece"},
          "type": {"source": "Type", "map": {"FA": "invoice", "AV": "credit_note", "RG": "payment"}},
          "amount": {"source": "Montant"},
          "issue_date": {"source": "Date"},
          "due_date": {"source": "Echeance"},
          "entity": {"value": "FR01"},
          "comment": {"concat": ["Libelle", "Ref"], "sep": " ", "collapse_spaces": true}},
        "sign": "by_type", "mandatory": ["customer_id", "item_id", "amount", "issue_date"]})",
    R"({"kind": "items", "encoding": "auto", "separator": ";", "skip_rows": 1,
        "decimal_separator": ".", "thousands_separator": "'",
        "date_formats": ["excel", "d.M.yy", "MM/dd/yyyy"],
        "columns": {"entity": {"value": "DE01"}, "customer_id": "Account", "item_id": {"source": "Doc", "case": "upper"},
                    "issue_date": "Posted", "due_date": "Due", "currency": {"source": "Cur", "trim": true},
                    "open_amount": "Open"},
        "sign": "debit_credit", "debit": "Debit", "credit": "Credit", "unique_key": "item_id"})",
    R"({"kind": "customers", "separator": "auto", "quote": "'",
        "columns": {"entity": {"source": "Co", "map": {"1": "FR01", "2": "DE01"}},
                    "customer_id": {"source": "No", "strip_leading_zeros": true},
                    "name": {"source": "Name", "collapse_spaces": true}, "currency": {"source": "Cur", "case": "upper"},
                    "credit_limit": "Limit", "payment_terms_days": "Terms", "email": {"source": "Mail", "case": "lower"}},
        "thousands_separator": ",", "mandatory": ["customer_id"], "empty_overwrites": true})",
    R"({"kind": "items"})",
    R"({"kind": "items", "mode": "replace_open_items", "strict": false, "encoding": "UTF-16"})",
    R"({"kind": "allocations", "separator": "tab"})",
    R"({"kind": "fx", "encoding": "windows-1252", "decimal_separator": ","})",
    R"({"kind": "customers", "strict": true, "quote": null, "blocked": ["credit_limit"]})",
};

} // namespace

DSOCORE_FUZZ_TARGET(import_file) {
    static const auto profiles = [] {
        std::vector<dsocore::ImportProfile> p;
        for (const char* j : kProfiles) p.push_back(dsocore::ImportProfile::parse(j));
        return p;
    }();
    if (size == 0) return;
    const auto& profile = profiles[data[0] % profiles.size()];
    const auto input = fuzz::write_input("input.csv", data + 1, size - 1);
    fuzz::check_import(profile, input, true);
}

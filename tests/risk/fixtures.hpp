// Small hand-made data directories for the risk tests (every figure worked by hand in
// the tests that use them).
#pragma once

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <unistd.h>
#include <utility>
#include <vector>

namespace risk_test {

namespace fs = std::filesystem;

inline fs::path make_dir(const std::string& name, const std::vector<std::pair<std::string, std::string>>& files) {
    const fs::path d = fs::temp_directory_path() / ("dsocore_risk_" + name + "_" + std::to_string(::getpid()));
    fs::remove_all(d);
    fs::create_directories(d);
    for (const auto& [f, text] : files) std::ofstream(d / f, std::ios::binary) << text;
    return d;
}

inline std::string slurp(const fs::path& p) {
    std::ifstream f(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(f), {});
}

// --- the grid: two customers at a grade boundary ---------------------------------------
//
// As of 2026-06-30, everything in EUR, entity absent (MAIN).
// C1  sme,   limit 10000.00, open invoice I1 9000.00 (due 2026-07-15, not overdue),
//            invoice I2 1000.00 due 2026-05-01 paid 2026-05-01 (0 days late).
// C2  micro, the same figures (I3 open 9000.00, I4 paid on its due date).
// C3  public, no limit, open invoice I5 500.00, never paid anything.
// C4  other, limit 10000.00, open invoice I6 9001.00; X 1000.00 due 2026-05-01 paid
//            2026-05-16 (15 late), Y 1000.00 due 2026-05-01 paid 2026-05-17 (16 late).
// The customers file is deliberately not canonical (a needlessly quoted field, a
// quoted name with a comma) so that byte-for-byte claims are meaningful.
inline const char* kGridCustomers =
    "customer_id,name,customer_type,payment_terms_days,credit_limit,collector,scenario,custom_1\n"
    "C1,\"Alpha, SA\",sme,30,10000.00,zoe,standard,\n"
    "C2,Beta,micro,30,10000.00,\"yann\",standard,x\n"
    "C3,Gamma,public,30,,zoe,,\n"
    "C4,Delta,other,30,10000.00,yann,standard,\n";

inline const char* kGridItems =
    "item_id,customer_id,type,issue_date,due_date,amount,open_amount\n"
    "I1,C1,invoice,2026-06-15,2026-07-15,9000.00,9000.00\n"
    "I2,C1,invoice,2026-04-01,2026-05-01,1000.00,0.00\n"
    "I3,C2,invoice,2026-06-15,2026-07-15,9000.00,9000.00\n"
    "I4,C2,invoice,2026-04-01,2026-05-01,1000.00,0.00\n"
    "I5,C3,invoice,2026-06-01,2026-07-01,500.00,500.00\n"
    "I6,C4,invoice,2026-06-15,2026-07-15,9001.00,9001.00\n"
    "X,C4,invoice,2026-04-01,2026-05-01,1000.00,0.00\n"
    "Y,C4,invoice,2026-04-01,2026-05-01,1000.00,0.00\n";

inline const char* kGridAllocations =
    "item_id,date,amount\n"
    "I2,2026-05-01,1000.00\n"
    "I4,2026-05-01,1000.00\n"
    "X,2026-05-16,1000.00\n"
    "Y,2026-05-17,1000.00\n";

inline const char* kGridRisk = R"({
  "scale": [{"grade": "A", "min_score": "80"}, {"grade": "B", "min_score": "60"},
            {"grade": "C", "min_score": "40"}, {"grade": "D", "min_score": "0"}],
  "criteria": [
    {"field": "avg_days_late", "weight": "0.5",
     "bands": [{"max": "0", "points": "100"}, {"max": "15", "points": "70"},
               {"max": "45", "points": "40"}, {"points": "0"}]},
    {"field": "utilisation_pct", "weight": "0.3",
     "bands": [{"max": "50", "points": "100"}, {"max": "90", "points": "60"}, {"points": "0"}]},
    {"field": "customer_type", "weight": "0.2",
     "values": {"public": "100", "sme": "60", "micro": "59.95"}, "default": "50"}
  ],
  "missing_points": "50",
  "limit_tool": {"sales_window": "12m", "round_to": "1000", "cap_to_insured": true,
                 "factor": {"A": "1.5", "B": "1.0", "C": "0.5", "D": "0"}},
  "approval_levels": [{"up_to": "50000", "role": "credit_manager"},
                      {"up_to": null, "role": "admin"}]
})";

inline fs::path grid_dir(const std::string& name) {
    return make_dir(name, {{"customers.csv", kGridCustomers},
                           {"items.csv", kGridItems},
                           {"allocations.csv", kGridAllocations},
                           {"risk.json", kGridRisk}});
}

// --- the limit tool ------------------------------------------------------------------
//
// As of 2026-06-30, EUR. Grid: customer_type key_account → 100 points (weight 1),
// anything else 0; A ≥ 50, D ≥ 0. Factors A 1.5, D 0; round_to 1000; cap_to_insured.
// K1 key_account, terms 45, limit 15000.00, insured 20000.00:
//   INV0 2025-06-30 5000.00 (issued on the window's start day: outside (A−12m, A]), paid
//   INV1 2025-09-10 40000.00 paid 2025-10-25 (on time, before the 6m payment window)
//   INV2 2026-02-10 25000.00 due 2026-03-27 paid 2026-04-06 (10 days late)
//   INV3 2026-03-01 25000.00 due 2026-04-15 paid 2026-05-05 (20 days late)
//   CN1  2026-03-15 −1000.00 credit note, open
//   INV4 2026-06-01 9000.00 open
// K2 key_account, terms 30, no limit, no insurance: INV5 2026-01-15 12000.00 open.
// K3 small (grade D), terms 30: INV6 2026-06-01 5000.00 open.
// K4 key_account, terms 30, insured 10000.00: INV7 2026-03-01 36000.00 due 2026-03-31
//   paid 2026-03-21 (10 days early).
inline const char* kLimitCustomers =
    "customer_id,customer_type,payment_terms_days,credit_limit,insured_amount,collector\n"
    "K1,key_account,45,15000.00,20000.00,zoe\n"
    "K2,key_account,30,,,zoe\n"
    "K3,small,30,,,yann\n"
    "K4,key_account,30,,10000.00,yann\n";

inline const char* kLimitItems =
    "item_id,customer_id,type,issue_date,amount,open_amount\n"
    "INV0,K1,invoice,2025-06-30,5000.00,0.00\n"
    "INV1,K1,invoice,2025-09-10,40000.00,0.00\n"
    "INV2,K1,invoice,2026-02-10,25000.00,0.00\n"
    "INV3,K1,invoice,2026-03-01,25000.00,0.00\n"
    "CN1,K1,credit_note,2026-03-15,-1000.00,-1000.00\n"
    "INV4,K1,invoice,2026-06-01,9000.00,9000.00\n"
    "INV5,K2,invoice,2026-01-15,12000.00,12000.00\n"
    "INV6,K3,invoice,2026-06-01,5000.00,5000.00\n"
    "INV7,K4,invoice,2026-03-01,36000.00,0.00\n";

inline const char* kLimitAllocations =
    "item_id,date,amount\n"
    "INV0,2025-08-14,5000.00\n"
    "INV1,2025-10-25,40000.00\n"
    "INV2,2026-04-06,25000.00\n"
    "INV3,2026-05-05,25000.00\n"
    "INV7,2026-03-21,36000.00\n";

inline const char* kLimitRisk = R"({
  "scale": [{"grade": "A", "min_score": "50"}, {"grade": "D", "min_score": "0"}],
  "criteria": [{"field": "customer_type", "weight": "1", "values": {"key_account": "100"}, "default": "0"}],
  "missing_points": "0",
  "limit_tool": {"sales_window": "12m", "round_to": "1000", "cap_to_insured": true,
                 "factor": {"A": "1.5", "D": "0"}},
  "approval_levels": [{"up_to": "50000", "role": "credit_manager"},
                      {"up_to": null, "role": "admin"}]
})";

inline fs::path limit_dir(const std::string& name) {
    return make_dir(name, {{"customers.csv", kLimitCustomers},
                           {"items.csv", kLimitItems},
                           {"allocations.csv", kLimitAllocations},
                           {"risk.json", kLimitRisk}});
}

} // namespace risk_test

// dsocore — search & assign (risk.md "Search & assign"): a --where search over
// customers with report figures, and an assignment of scenario / collector /
// group_code / custom_N to the customers found, with an undo journal.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "dsocore/core/currency.hpp"
#include "dsocore/core/date.hpp"
#include "dsocore/reports/filter.hpp"
#include "dsocore/reports/table.hpp"
#include "dsocore/risk/roles.hpp"

DSOCORE_BEGIN_NAMESPACE

class CustomerFigures;

/// Every field a search may name: ledger_fields (customers.csv and items.csv columns)
/// plus the figures of CustomerFigures::add_fields, plus `score` and `grade` when
/// `grid` is given (risk.json with a scale and criteria). The resolver refers to `fig`
/// (and `grid`), which must outlive it.
struct RiskConfig;
FieldResolver risk_fields(const CustomerFigures& fig, const RiskConfig* grid);

struct SearchRequest {
    Date as_of;
    std::string where;                  ///< empty: every customer the view sees
    std::optional<Currency> base;       ///< default: company base currency
    std::optional<Role> role;           ///< none: no restriction (trusted caller)
    std::string user;
};

/// Customer rows matching the expression, in file order. A customer matches when the
/// expression holds for it; an expression with item fields holds when one of its items
/// issued on or before A matches. A collector's view sees only their customers.
/// `risk_json` (optional path) enables `score` and `grade`.
std::vector<std::uint32_t> search_customers(const Ledger& ledger, const SearchRequest& req,
                                            const std::filesystem::path& risk_json = {});
/// The same as a table sorted by (entity, customer_id): entity, customer_id, name,
/// customer_type, country, group_code, collector, scenario, rating, outstanding,
/// overdue (base currency).
Table search_table(const Ledger& ledger, const SearchRequest& req, const std::filesystem::path& risk_json = {});

/// The fields an assignment may set.
bool assignable_field(std::string_view field) noexcept;

struct AssignRequest {
    SearchRequest search;
    std::string field; ///< scenario, collector, group_code, custom_1 … custom_12
    std::string value;
    bool dry_run = false;
    std::string timestamp; ///< journal time (empty: now, UTC)
};

struct AssignChange {
    std::string entity, customer_id, old_value, new_value;
};

struct AssignResult {
    std::size_t matched = 0;
    std::size_t changed = 0;
    std::int64_t batch = 0; ///< journal batch number (0: dry run or nothing changed)
    std::vector<AssignChange> changes;
};

/// The changes of an assignment as a table (entity, customer_id, old_value, new_value;
/// report "assign_changes"), as the C ABI and the Java facade return them.
Table assign_changes_table(const AssignResult& r, Date as_of);

/// Sets `field` = `value` on every customer the search finds, writes customers.csv
/// atomically (only those fields change, byte for byte), and journals the change in
/// assign_journal.csv so that undo_assign can restore it. Throws Error(permission)
/// when the role may not set the field, Error(invalid_argument) for an unknown field
/// or a scenario that does not exist.
AssignResult assign(const std::filesystem::path& dir, const AssignRequest& req);

struct UndoResult {
    std::int64_t batch = 0;
    std::string field;
    std::size_t restored = 0;
};

/// Undoes the latest assignment not undone yet: customers.csv gets back, field by
/// field, the bytes it had before it (the whole file byte for byte when nothing else
/// changed it since). Refused (Error(invalid_argument), nothing written) when one of
/// those fields was changed since by something else. Error(not_found) when there is
/// nothing to undo.
UndoResult undo_assign(const std::filesystem::path& dir, std::optional<Role> role, const std::string& user,
                       const std::string& timestamp = {});

/// The columns of assign_journal.csv.
const std::vector<std::string>& assign_journal_columns();

DSOCORE_END_NAMESPACE

// dsocore — the report engine: one request shape, one context, one registry.
//
// A report is a function (ReportContext&) → Table. The context gives the as-of date,
// the base currency and its converter, the grouping (--by), the filter (--where) and
// typed access to the report's own options. Adding a report = one file in
// src/reports/ and one line in src/reports/registry.cpp.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "dsocore/core/currency.hpp"
#include "dsocore/core/date.hpp"
#include "dsocore/core/decimal.hpp"
#include "dsocore/ledger/ledger.hpp"
#include "dsocore/reports/table.hpp"

DSOCORE_BEGIN_NAMESPACE

struct ReportRequest {
    std::string name;
    Date as_of;
    std::optional<Currency> base_currency; ///< default: company.json base_currency
    std::string by;                        ///< empty: the report's default grouping
    std::string where;                     ///< filter expression (empty: all)
    std::map<std::string, std::string> options; ///< report options without "--": {"buckets": "30,60,90"}
    /// Rows a role-scoped view may see (RoleView::customer_mask): when not empty, customer
    /// rows with 0 are left out before --where applies.
    std::vector<std::uint8_t> customer_scope;
};

/// Customers partitioned by a --by field; groups sorted bytewise by key.
///
/// The key values are not copied: a group's key is read from one of its customer rows
/// (first_row) in the ledger's strings, so the Grouping must not outlive the ledger.
struct Grouping {
    std::string by;
    std::vector<std::string> key_columns;          ///< ["entity","customer_id"], ["group_code"], ["key"]
    std::vector<std::uint32_t> group_of_customer;  ///< customer row → group, kNoRow when filtered out
    std::vector<std::uint32_t> first_row;          ///< group → a customer row of the group
    const Ledger* ledger = nullptr;
    const LedgerColumn<StrId>* column = nullptr;   ///< the --by field's column (one-column keys)
    bool by_customer = false, by_total = false;
    std::size_t members = 0;                       ///< customers in some group (selected)
    std::size_t size() const noexcept { return first_row.size(); }
    /// Every group is one customer (first_row[g]): per-customer sums need no folding.
    bool one_customer_per_group() const noexcept { return members == first_row.size(); }
    /// Key value `part` (< key_columns.size()) of group `group`.
    std::string_view key(std::size_t group, std::size_t part) const noexcept;
};

/// Fields accepted by --by (besides customer and total).
const std::vector<std::string_view>& groupable_fields();
/// Builds the grouping; throws Error(invalid_argument) listing the allowed fields.
Grouping make_grouping(const Ledger& ledger, std::string_view by, const std::vector<std::uint8_t>& customer_mask);
/// The interned text column of a customer field (entity, group_code, custom_3 …), or nullptr.
const LedgerColumn<StrId>* customer_text_column(const CustomerTable& c, std::string_view field);

class ReportContext {
public:
    ReportContext(const Ledger& ledger, const ReportRequest& request);

    const Ledger& ledger;
    const ReportRequest& request;
    const Date as_of;
    const std::int32_t A; ///< as_of day number
    const Currency base;
    const Converter converter;

    /// Customer and item selection from --where (all selected when no filter); see
    /// apply_filter() in dsocore/reports/filter.hpp.
    std::vector<std::uint8_t> customer_mask;
    std::vector<std::uint8_t> item_mask;
    bool customer_selected(std::uint32_t c) const noexcept { return customer_mask[c] != 0; }
    bool item_selected(std::uint32_t i) const noexcept { return item_mask[i] != 0; }
    /// Item exists at D (issued on or before D) and passes the filter.
    bool item_live(std::uint32_t i, std::int32_t day) const noexcept {
        return ledger.items().issue_date[i] <= day && item_mask[i] != 0;
    }

    /// Grouping for --by (default `default_by` when the request has none).
    Grouping grouping(std::string_view default_by) const;

    // Typed options; each call marks the option as known.
    std::string option(std::string_view name, std::string_view fallback) const;
    std::int64_t option_int(std::string_view name, std::int64_t fallback, std::int64_t lo, std::int64_t hi) const;
    Window option_window(std::string_view name, std::string_view fallback) const;
    std::string option_enum(std::string_view name, std::string_view fallback,
                            const std::vector<std::string_view>& allowed) const;
    /// Throws Error(invalid_argument) for any option the report never asked for, and
    /// for --by given to a report without grouping.
    void check_options_used() const;

    /// Stderr-worthy remarks (e.g. balances at past dates without allocations.csv).
    mutable std::vector<std::string> warnings;
    /// Called by reports that need balances before A: warns once without allocations.csv.
    void note_past_date() const;

    /// Adds the key columns of `g` to `t`, and returns their indices.
    std::vector<std::size_t> add_key_columns(Table& t, const Grouping& g) const;
    void push_key(Table& t, const std::vector<std::size_t>& cols, const Grouping& g, std::size_t group) const;
    /// A table with report name, as-of and base currency filled in.
    Table make_table() const;
    /// Converts minor units of `from` at day D into base units.
    std::int64_t conv(std::int64_t units, Currency from, std::int32_t day) const {
        return converter.convert(units, from, day);
    }

private:
    mutable std::set<std::string, std::less<>> used_;
    mutable bool past_noted_ = false;
};

struct ReportInfo {
    std::string name;
    std::string summary;
    Table (*run)(ReportContext&);
};
/// Every report, in the order of reports.md.
const std::vector<ReportInfo>& report_registry();
const ReportInfo* find_report(std::string_view name) noexcept;

/// Runs a report by name. Throws Error(invalid_argument) for an unknown report or
/// option (the message lists what is allowed), Error(missing_rate) etc. for data.
Table run_report(const Ledger& ledger, const ReportRequest& request);
/// Same, collecting the context's warnings (for stderr).
Table run_report(const Ledger& ledger, const ReportRequest& request, std::vector<std::string>& warnings);

// --- exact figures ------------------------------------------------------------------

/// num / den rounded half-even to `scale` decimals, as units; den must be non-zero.
std::int64_t ratio_units(const Int256& num, const Int256& den, int scale = 1);
/// The same on 128-bit operands (no 256-bit arithmetic when |num|, |den| < 2^100).
std::int64_t ratio_units_i128(i128 num, i128 den, int scale = 1);

DSOCORE_END_NAMESPACE

// dsocore — the --where filter language (reports.md "Filters", docs/filters.md).
//
// A small boolean expression language over named fields:
//     customer_type = 'public' and country in ('FR','BE') and custom_3 != ''
// Filter::compile parses the text once into a flat AST whose leaves hold field
// accessors; Filter::matches evaluates it for one row without allocating. The fields
// come from a FieldResolver: the report engine provides every customers.csv and
// items.csv column (ledger_fields); other engines (alerts, risk search) add their own
// per-customer figures (outstanding, avg_days_late …) with FieldResolver::add.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "dsocore/core/date.hpp"
#include "dsocore/core/decimal.hpp"
#include "dsocore/ledger/ledger.hpp"

DSOCORE_BEGIN_NAMESPACE

enum class FieldType : std::uint8_t {
    text,    ///< compared bytewise; an absent value is ''
    number,  ///< an exact rational num/den (amounts, counts, ratios)
    date,    ///< a day number; compared with 'YYYY-MM-DD'
    boolean, ///< compared with true/false, or used alone as a condition
};
const char* to_string(FieldType t) noexcept;

/// Whether a field is read from the customer row or the item row. A filter that uses
/// an item field is evaluated per item; one with customer fields only, per customer.
enum class FieldScope : std::uint8_t { customer, item };

/// The row a filter is evaluated on: a customer, or an item and its customer.
struct FilterRow {
    std::uint32_t customer = kNoRow;
    std::uint32_t item = kNoRow; ///< kNoRow when evaluating customers
};

/// The value of a field in one row. No allocation: text is a view into storage that
/// outlives the filter (the ledger's string pool, or the resolver's own storage).
struct FieldValue {
    bool present = true;   ///< false: absent / undefined (empty field)
    std::string_view text; ///< text
    i128 num = 0;          ///< number: num / den, den > 0
    i128 den = 1;
    std::int32_t day = 0;  ///< date
    bool flag = false;     ///< boolean

    static FieldValue none() noexcept {
        FieldValue v;
        v.present = false;
        return v;
    }
    static FieldValue of_text(std::string_view s) noexcept {
        FieldValue v;
        v.text = s;
        return v;
    }
    /// units × 10^-scale
    static FieldValue of_units(std::int64_t units, int scale) noexcept {
        FieldValue v;
        v.num = units;
        v.den = pow10_i64(scale);
        return v;
    }
    /// num / den, den ≠ 0 (the sign is normalised); den == 0 gives an absent value.
    static FieldValue of_ratio(i128 num, i128 den) noexcept {
        if (den == 0) return none();
        FieldValue v;
        v.num = den < 0 ? -num : num;
        v.den = den < 0 ? -den : den;
        return v;
    }
    static FieldValue of_date(std::int32_t day) noexcept {
        if (day == kNoDate) return none();
        FieldValue v;
        v.day = day;
        return v;
    }
    static FieldValue of_bool(bool b) noexcept {
        FieldValue v;
        v.flag = b;
        return v;
    }
};

/// A named field: its type, its scope and how to read it from a row. The accessor
/// must not allocate; it may capture references to data that outlives the filter.
struct Field {
    FieldType type = FieldType::text;
    FieldScope scope = FieldScope::customer;
    std::function<FieldValue(const FilterRow&)> get;
    std::string help; ///< one-line description (docs, error messages)
};

/// The fields an expression may name. Compose: start from ledger_fields() and add
/// figures (a later add replaces a field of the same name).
class FieldResolver {
public:
    void add(std::string name, Field field);
    const Field* find(std::string_view name) const noexcept;
    /// Names in the order they were added.
    std::vector<std::string> names() const;
    std::size_t size() const noexcept { return fields_.size(); }

private:
    std::vector<std::pair<std::string, Field>> fields_;
};

/// A compiled expression. Copyable; holds copies of the accessors it uses.
class Filter {
public:
    /// An empty filter: matches every row.
    Filter();
    ~Filter();
    Filter(const Filter&);
    Filter& operator=(const Filter&);
    Filter(Filter&&) noexcept;
    Filter& operator=(Filter&&) noexcept;

    /// Parses and type-checks `text`. Throws Error(invalid_argument) with the 1-based
    /// character column of the problem and what was expected:
    ///   "--where, column 17: unknown field 'contry'; fields: entity, customer_id, …"
    /// Blank text gives the empty filter.
    static Filter compile(std::string_view text, const FieldResolver& fields);

    bool empty() const noexcept;
    /// True when the expression names an item-scope field (evaluate per item).
    bool uses_item_fields() const noexcept;
    /// Evaluates the expression for one row. No allocation.
    bool matches(const FilterRow& row) const;
    const std::string& text() const noexcept;

    struct Program; ///< the compiled AST (implementation detail)
private:
    std::shared_ptr<const Program> p_;
};

/// Every customers.csv column (customer scope; `payment_center`, `scenario` as in the
/// file, `currency`, `custom_1`…`custom_12`) and every items.csv column (item scope;
/// `item_currency` and `item_custom_1`…`item_custom_12` where a name clashes with a
/// customer column), plus `status_category`, `status_subtype`, `balance` (bal_A in the
/// item currency) and `days_past_due` (A − due_date). See docs/filters.md.
/// The accessors refer to `ledger`, which must outlive the resolver and its filters.
FieldResolver ledger_fields(const Ledger& ledger, Date as_of);
/// Only the customer-scope fields of ledger_fields (for engines that select customers).
FieldResolver customer_fields(const Ledger& ledger);

/// The report engine's use of --where: a customer-only expression selects customers
/// (and all their items); an expression with item fields selects the items it matches
/// and the customers that have at least one selected item issued on or before as_of.
/// Masks are 1 = selected and must be sized to the tables; rows already 0 stay 0.
void apply_filter(const Ledger& ledger, std::string_view where, Date as_of,
                  std::vector<std::uint8_t>& customer_mask, std::vector<std::uint8_t>& item_mask);

DSOCORE_END_NAMESPACE

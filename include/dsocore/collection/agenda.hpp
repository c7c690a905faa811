// dsocore — scenario evaluation: the collection agenda (collection.md).
//
// compute_agenda() evaluates every customer's scenario at an as-of date A and returns
// one row per (payer, scenario, step) to act on by A + horizon. Every row keeps what
// made it (items, trigger date per item, the payer's last action and the temporization
// push), so explain() can say why it is there and why on that date.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "dsocore/core/currency.hpp"
#include "dsocore/core/date.hpp"
#include "dsocore/ledger/ledger.hpp"
#include "dsocore/reports/table.hpp"

DSOCORE_BEGIN_NAMESPACE

struct AgendaOptions {
    int horizon_days = 14;                 ///< H: rows with action_date ≤ A + H
    std::optional<Currency> base_currency; ///< B (default: company.json base_currency)
    /// A role-scoped view (RoleView::customer_mask): 1 for each customer row the view
    /// sees; only the rows (and broken promises) of the payers it sees are kept. Empty:
    /// every payer. Scenarios are still evaluated on every item of a kept payer, since
    /// the payer is dunned for all of them (docs/decisions.md "Roles in the agenda").
    std::vector<std::uint8_t> customer_scope;
};

enum class AgendaState : std::uint8_t { late, today, upcoming, error };
const char* to_string(AgendaState s) noexcept;

/// Contact problem of an auto/confirm step (collection.md §6).
enum class ContactError : std::uint8_t { none, no_contact, no_email, no_phone, no_address };
const char* to_string(ContactError e) noexcept;

struct AgendaRow {
    std::uint32_t payer = 0;       ///< customer row dunned (the customer or its payment center)
    std::uint32_t scenario = 0;    ///< index into Scenarios::list
    std::uint32_t step = 0;        ///< index into the scenario's steps
    std::int32_t action_date = 0;  ///< day number
    AgendaState state = AgendaState::upcoming;
    ContactError error = ContactError::none;
    std::vector<std::uint32_t> items; ///< item rows, bytewise order of item_id
    std::int64_t amount = 0;          ///< Σ conv(bal_A, A), minor units of B
    std::int32_t old_items = 0;       ///< items with dpd > old_item_days

    // Why this row, why this date.
    std::vector<std::int32_t> triggers; ///< t(i, s) per item (same order as items)
    std::int32_t min_trigger = 0;       ///< min over the items
    std::int32_t last_action = 0;       ///< payer's last action ≤ A (kNoDate: none)
    std::uint32_t last_action_row = kNoRow; ///< its row in actions.csv
    bool pushed = false;                ///< temporization moved the date past min_trigger
    std::uint32_t leader = kNoRow;      ///< anchor leader: the leader item
};

/// An item whose promise to pay was broken (status promise, promise_date < A, open).
struct BrokenPromise {
    std::uint32_t item;
    std::int32_t promise_date;
};

/// Item rows of every payer (CSR): the items whose customer's payer is p are
/// rows[offsets[p] .. offsets[p + 1]), in ascending item row. Built in O(items + customers).
struct PayerItemIndex {
    std::vector<std::uint32_t> offsets; ///< customers + 1 entries
    std::vector<std::uint32_t> rows;    ///< item rows grouped by payer
    static PayerItemIndex build(const Ledger& ledger);
};

/// A PayerItemIndex built on first use, once, whatever the number of threads asking.
class LazyPayerItemIndex {
public:
    /// The index of `ledger` (built on the first call; later calls with the same
    /// ledger return it). nullptr when called with another ledger than the first one.
    const PayerItemIndex* get(const Ledger& ledger) const;

private:
    mutable std::once_flag once_;
    mutable const Ledger* ledger_ = nullptr;
    mutable PayerItemIndex index_;
};

struct Agenda {
    Date as_of;
    Currency base = Currency::of("EUR");
    int horizon_days = 14;
    std::vector<AgendaRow> rows; ///< sorted as collection.md §8
    std::vector<BrokenPromise> broken_promises; ///< by item row
    /// Items per payer of the agenda's ledger, built by the first render_message (shared
    /// by the copies of the agenda).
    std::shared_ptr<const LazyPayerItemIndex> payer_items = std::make_shared<LazyPayerItemIndex>();
};

/// Evaluates the scenarios at `as_of`. Throws Error(missing_rate) when an item's
/// currency has no rate at A, Error(invalid_argument) for a negative horizon.
Agenda compute_agenda(const Ledger& ledger, Date as_of, const AgendaOptions& options = {});

/// The agenda as a table: entity, customer_id, scenario, step, channel, mode,
/// action_date, state, error, items, amount, old_items, item_ids.
Table agenda_table(const Ledger& ledger, const Agenda& agenda);

/// Why one agenda row exists and why on its date.
struct AgendaExplanation {
    struct ItemWhy {
        std::string item_id, customer_id;
        Date due_date;
        std::int64_t balance = 0;   ///< bal_A in the item's currency (minor units)
        std::string currency;
        int dpd = 0;
        Date trigger;               ///< t(i, s)
        std::string trigger_rule;   ///< how t(i, s) was obtained
        std::string done_steps;     ///< steps already done (or skipped) for the item
    };
    std::string entity, customer_id, scenario, step, anchor;
    int offset_days = 0;
    std::vector<ItemWhy> items;
    Date min_trigger;
    std::optional<Date> last_action; ///< payer's last action
    std::string last_action_id;
    int min_gap_days = 0;
    bool pushed = false;
    Date action_date;
    std::string state, error;
    std::string amount; ///< in B, fixed point
    std::string min_amount;
    int horizon_days = 0;
    /// Readable summary of all of the above, several lines.
    std::string text;
};
AgendaExplanation explain(const Ledger& ledger, const Agenda& agenda, std::size_t row);

DSOCORE_END_NAMESPACE

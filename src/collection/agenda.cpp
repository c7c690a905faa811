// Scenario evaluation: the collection agenda (collection.md, "Scenario evaluation").
#include "dsocore/collection/agenda.hpp"

#include <algorithm>
#include <numeric>
#include <unordered_map>

#include "dsocore/core/decimal.hpp"
#include "dsocore/core/error.hpp"
#include "dsocore/reports/report.hpp"

DSOCORE_BEGIN_NAMESPACE

const char* to_string(AgendaState s) noexcept {
    switch (s) {
    case AgendaState::late: return "late";
    case AgendaState::today: return "today";
    case AgendaState::upcoming: return "upcoming";
    case AgendaState::error: return "error";
    }
    return "";
}

const char* to_string(ContactError e) noexcept {
    switch (e) {
    case ContactError::none: return "";
    case ContactError::no_contact: return "no_contact";
    case ContactError::no_email: return "no_email";
    case ContactError::no_phone: return "no_phone";
    case ContactError::no_address: return "no_address";
    }
    return "";
}

namespace {

/// Per-item state of the evaluation, in flat columns.
struct Work {
    std::vector<std::uint32_t> step_base; ///< item → first slot in done_date
    std::vector<std::int32_t> done_date;  ///< latest action date per (item, step); kNoDate = not done
    std::vector<std::int32_t> last_action;      ///< payer row → last action date ≤ A
    std::vector<std::uint32_t> last_action_row; ///< payer row → that action's row
};

/// Resolves the (scenario, step) of actions by interned id, with small caches.
class StepLookup {
public:
    StepLookup(const Ledger& l) : L_(l) {}
    /// Scenario index of an action, or npos.
    std::size_t scenario(StrId id) {
        auto it = scen_.find(id);
        if (it != scen_.end()) return it->second;
        const std::size_t k = L_.scenarios().find(L_.str(id));
        scen_.emplace(id, k);
        return k;
    }
    /// Step index within scenario `sc`, or npos.
    std::size_t step(std::size_t sc, StrId id) {
        const std::uint64_t key = (static_cast<std::uint64_t>(sc) << 32) | id;
        auto it = step_.find(key);
        if (it != step_.end()) return it->second;
        std::size_t k = Scenarios::npos;
        const auto& steps = L_.scenarios().list[sc].steps;
        for (std::size_t s = 0; s < steps.size(); ++s)
            if (steps[s].id == L_.str(id)) k = s;
        step_.emplace(key, k);
        return k;
    }

private:
    const Ledger& L_;
    std::unordered_map<StrId, std::size_t> scen_;
    std::unordered_map<std::uint64_t, std::size_t> step_;
};

Work scan_actions(const Ledger& L, std::int32_t A) {
    const CustomerTable& C = L.customers();
    const ItemTable& I = L.items();
    const ActionTable& T = L.actions();
    const auto& scen = L.scenarios().list;
    Work w;
    w.step_base.resize(I.size() + 1);
    std::uint32_t n = 0;
    for (std::uint32_t i = 0; i < I.size(); ++i) {
        w.step_base[i] = n;
        n += static_cast<std::uint32_t>(scen[C.scenario[I.customer[i]]].steps.size());
    }
    w.step_base[I.size()] = n;
    w.done_date.assign(n, kNoDate);
    w.last_action.assign(C.size(), kNoDate);
    w.last_action_row.assign(C.size(), kNoRow);
    StepLookup look(L);
    for (std::uint32_t a = 0; a < T.size(); ++a) {
        const std::int32_t d = T.date[a];
        if (d > A) continue; // actions dated after A are ignored everywhere
        // Temporization counts every action of the payer, out-of-scenario ones included;
        // an action on one of its accounts counts for the payer too.
        const std::uint32_t p = C.payer[T.customer[a]];
        if (w.last_action[p] == kNoDate || d >= w.last_action[p]) {
            w.last_action[p] = d;
            w.last_action_row[p] = a;
        }
        if (T.scenario[a] == 0 || T.step[a] == 0) continue; // out of scenario: moves no item
        const std::size_t sc = look.scenario(T.scenario[a]);
        if (sc == Scenarios::npos) continue;
        const std::size_t st = look.step(sc, T.step[a]);
        if (st == Scenarios::npos) continue;
        for (const std::uint32_t i : T.items(a)) {
            if (C.scenario[I.customer[i]] != sc) continue; // a step of another scenario
            std::int32_t& slot = w.done_date[w.step_base[i] + st];
            slot = std::max(slot, d);
        }
    }
    return w;
}

bool is_eligible_type(ItemType t) noexcept { return t == ItemType::invoice || t == ItemType::debit_note; }

/// First step not done for item i (npos when all are done). Steps with offset ≤ 0
/// count as done for an item already overdue at A.
std::size_t pending_step(const Scenario& sc, const Work& w, std::uint32_t i, bool overdue) {
    const std::uint32_t b = w.step_base[i];
    for (std::size_t s = 0; s < sc.steps.size(); ++s) {
        if (w.done_date[b + s] != kNoDate) continue;
        if (overdue && sc.steps[s].offset_days <= 0) continue;
        return s;
    }
    return Scenarios::npos;
}

/// t(i, s). due_date and leader anchors: due + offset(s). last_action: steps after the
/// first trigger at the previous step's action date + the offset difference; a previous
/// step done without an action of its own (skipped) is dated at its own trigger.
std::int32_t trigger_date(const Scenario& sc, const Work& w, std::uint32_t i, std::int32_t due, std::size_t s) {
    if (sc.anchor != Anchor::last_action || s == 0) return due + sc.steps[s].offset_days;
    const std::uint32_t b = w.step_base[i];
    std::int32_t prev = w.done_date[b] != kNoDate ? w.done_date[b] : due + sc.steps[0].offset_days;
    std::int32_t t = prev;
    for (std::size_t k = 1; k <= s; ++k) {
        t = prev + (sc.steps[k].offset_days - sc.steps[k - 1].offset_days);
        prev = w.done_date[b + k] != kNoDate ? w.done_date[b + k] : t;
    }
    return t;
}

ContactError contact_error(const Ledger& L, std::uint32_t payer, const ScenarioStep& st) {
    if (st.mode == StepMode::manual) return ContactError::none;
    const CustomerTable& C = L.customers();
    const bool e = C.email[payer] != 0 && !L.str(C.email[payer]).empty();
    const bool p = C.phone[payer] != 0 && !L.str(C.phone[payer]).empty();
    const bool a = C.address[payer] != 0 && !L.str(C.address[payer]).empty();
    bool missing = false;
    ContactError which = ContactError::none;
    switch (st.channel) {
    case Channel::email: missing = !e; which = ContactError::no_email; break;
    case Channel::sms:
    case Channel::call: missing = !p; which = ContactError::no_phone; break;
    case Channel::letter: missing = !a; which = ContactError::no_address; break;
    case Channel::task: break;
    }
    if (!missing) return ContactError::none;
    return (!e && !p && !a) ? ContactError::no_contact : which;
}

/// A (payer, scenario, step) group; its items are entries [first, first + count) of
/// the grouped item list once built.
struct Group {
    std::uint32_t payer, scenario, step;
    std::uint32_t leader = kNoRow;
    std::uint32_t count = 0, first = 0;
};

/// An eligible item placed in a group, with its trigger date.
struct Placed {
    std::uint32_t group, item;
    std::int32_t trigger;
};

} // namespace

PayerItemIndex PayerItemIndex::build(const Ledger& L) {
    const CustomerTable& C = L.customers();
    const ItemTable& I = L.items();
    PayerItemIndex x;
    x.offsets.assign(C.size() + 1, 0);
    for (std::uint32_t i = 0; i < I.size(); ++i) ++x.offsets[C.payer[I.customer[i]] + 1];
    for (std::size_t c = 0; c < C.size(); ++c) x.offsets[c + 1] += x.offsets[c];
    x.rows.resize(I.size());
    std::vector<std::uint32_t> next(x.offsets.begin(), x.offsets.end() - 1);
    for (std::uint32_t i = 0; i < I.size(); ++i) x.rows[next[C.payer[I.customer[i]]]++] = i;
    return x;
}

const PayerItemIndex* LazyPayerItemIndex::get(const Ledger& L) const {
    std::call_once(once_, [&] {
        index_ = PayerItemIndex::build(L);
        ledger_ = &L;
    });
    return ledger_ == &L ? &index_ : nullptr;
}

Agenda compute_agenda(const Ledger& L, Date as_of, const AgendaOptions& opt) {
    if (opt.horizon_days < 0) throw Error(Errc::invalid_argument, "horizon: expected a number of days ≥ 0");
    const CustomerTable& C = L.customers();
    const ItemTable& I = L.items();
    const auto& scen = L.scenarios().list;
    const std::int32_t A = as_of.days();
    Agenda ag;
    ag.as_of = as_of;
    ag.base = opt.base_currency ? *opt.base_currency : L.company().base_currency;
    ag.horizon_days = opt.horizon_days;
    const Converter converter(L.fx(), ag.base);
    const auto conv = converter.at(A);
    const Work w = scan_actions(L, A);

    // Eligible items (§2) with their balance at A.
    std::vector<std::int64_t> bal(I.size(), 0);
    std::vector<std::uint8_t> eligible(I.size(), 0);
    for (std::uint32_t i = 0; i < I.size(); ++i) {
        if (I.issue_date[i] > A || !is_eligible_type(I.type[i])) continue;
        const std::int64_t b = L.balance_at(i, A);
        if (b <= 0) continue;
        const StatusCategory cat = I.status_category[i];
        if (cat == StatusCategory::dispute || cat == StatusCategory::litigation || cat == StatusCategory::ignored)
            continue;
        if (cat == StatusCategory::promise && I.promise_date[i] != kNoDate) {
            if (I.promise_date[i] >= A) continue; // a promise still held
            ag.broken_promises.push_back({i, I.promise_date[i]});
        }
        bal[i] = b;
        eligible[i] = 1;
    }

    // Groups keyed by (payer, scenario, step); the entity is the payer's.
    // A payer has few groups (one per pending (scenario, step)): a chain per payer row
    // (first_group, next_group) instead of a hash map over every item.
    // The items are placed first (group, item, trigger), then gathered group by group
    // (counts, offsets): no vector per group.
    std::vector<Group> groups;
    std::vector<std::uint32_t> first_group(C.size(), kNoRow), next_group;
    std::vector<Placed> placed;
    auto group_of = [&](std::uint32_t payer, std::uint32_t sc, std::uint32_t st) -> std::uint32_t {
        for (std::uint32_t k = first_group[payer]; k != kNoRow; k = next_group[k])
            if (groups[k].scenario == sc && groups[k].step == st) return k;
        const auto k = static_cast<std::uint32_t>(groups.size());
        groups.push_back({payer, sc, st});
        next_group.push_back(first_group[payer]);
        first_group[payer] = k;
        return k;
    };
    auto place = [&](std::uint32_t g, std::uint32_t i, std::int32_t trigger) {
        placed.push_back({g, i, trigger});
        ++groups[g].count;
    };

    // Anchors due_date and last_action: each item on its own pending step.
    // Anchor leader: collect the eligible items per (payer, scenario) first.
    std::unordered_map<std::uint64_t, std::vector<std::uint32_t>> leader_sets;
    for (std::uint32_t i = 0; i < I.size(); ++i) {
        if (!eligible[i]) continue;
        const std::uint32_t c = I.customer[i];
        const std::uint32_t sc = C.scenario[c];
        const Scenario& s = scen[sc];
        if (s.anchor == Anchor::leader) {
            leader_sets[(static_cast<std::uint64_t>(C.payer[c]) << 32) | sc].push_back(i);
            continue;
        }
        const bool overdue = I.due_date[i] < A;
        const std::size_t st = pending_step(s, w, i, overdue);
        if (st == Scenarios::npos) continue;
        place(group_of(C.payer[c], sc, static_cast<std::uint32_t>(st)), i, trigger_date(s, w, i, I.due_date[i], st));
    }
    for (auto& [key, set] : leader_sets) {
        const auto payer = static_cast<std::uint32_t>(key >> 32);
        const auto sc = static_cast<std::uint32_t>(key & 0xffffffffu);
        const Scenario& s = scen[sc];
        // The leader: oldest due date, ties by smallest item_id (bytewise).
        std::uint32_t lead = set.front();
        for (const std::uint32_t i : set) {
            if (I.due_date[i] < I.due_date[lead] ||
                (I.due_date[i] == I.due_date[lead] && L.str(I.item_id[i]) < L.str(I.item_id[lead])))
                lead = i;
        }
        const std::size_t st = pending_step(s, w, lead, I.due_date[lead] < A);
        if (st == Scenarios::npos) continue;
        const std::uint32_t g = group_of(payer, sc, static_cast<std::uint32_t>(st));
        groups[g].leader = lead;
        const std::int32_t t = I.due_date[lead] + s.steps[st].offset_days;
        // The action takes the leader and every eligible overdue item of the payer.
        for (const std::uint32_t i : set) {
            if (i != lead && I.due_date[i] >= A) continue;
            place(g, i, t);
        }
    }
    // Gather: each group's items contiguous, in the order they were placed.
    std::uint32_t next_first = 0;
    for (Group& g : groups) {
        g.first = next_first;
        next_first += g.count;
    }
    std::vector<std::uint32_t> grouped_item(placed.size());
    std::vector<std::int32_t> grouped_trigger(placed.size());
    {
        std::vector<std::uint32_t> fill(groups.size());
        for (std::size_t k = 0; k < groups.size(); ++k) fill[k] = groups[k].first;
        for (const Placed& p : placed) {
            const std::uint32_t at = fill[p.group]++;
            grouped_item[at] = p.item;
            grouped_trigger[at] = p.trigger;
        }
        placed = {};
    }

    const int scale = ag.base.minor_units();
    // Sort keys of a group's items: item_id's first 8 bytes (big-endian, zero-padded:
    // integer order = bytewise order, item ids hold no NUL), the whole ids on a tie, and
    // the placing order between equal ids (a payer's items from two entities).
    struct SortKey {
        std::uint64_t prefix;
        std::uint32_t at; ///< index into grouped_item
    };
    std::vector<SortKey> order;
    for (const Group& g : groups) {
        const Scenario& s = scen[g.scenario];
        const ScenarioStep& step = s.steps[g.step];
        AgendaRow r;
        r.payer = g.payer;
        r.scenario = g.scenario;
        r.step = g.step;
        r.leader = g.leader;
        // Items in bytewise order of item_id, triggers along.
        order.resize(g.count);
        for (std::uint32_t k = 0; k < g.count; ++k) {
            const std::string_view id = L.str(I.item_id[grouped_item[g.first + k]]);
            std::uint64_t prefix = 0;
            for (std::size_t b = 0; b < 8; ++b)
                prefix = (prefix << 8) | (b < id.size() ? static_cast<unsigned char>(id[b]) : 0u);
            order[k] = {prefix, g.first + k};
        }
        std::sort(order.begin(), order.end(), [&](const SortKey& a, const SortKey& b) {
            if (a.prefix != b.prefix) return a.prefix < b.prefix;
            if (const int c = L.str(I.item_id[grouped_item[a.at]]).compare(L.str(I.item_id[grouped_item[b.at]])); c != 0)
                return c < 0;
            return a.at < b.at;
        });
        r.items.reserve(order.size());
        r.triggers.reserve(order.size());
        r.min_trigger = INT32_MAX;
        for (const SortKey& k : order) {
            const std::uint32_t i = grouped_item[k.at];
            const std::int32_t trigger = grouped_trigger[k.at];
            r.items.push_back(i);
            r.triggers.push_back(trigger);
            r.min_trigger = std::min(r.min_trigger, trigger);
            r.amount = checked_add(r.amount, conv(bal[i], I.currency[i]));
            if (A - I.due_date[i] > s.old_item_days) ++r.old_items;
        }
        // §5 min_amount: groups below it get no action.
        if (Decimal::from_units(r.amount, scale) < s.min_amount) continue;
        // §4 temporization: not before the payer's last action + min_gap_days.
        r.action_date = r.min_trigger;
        r.last_action = w.last_action[g.payer];
        r.last_action_row = w.last_action_row[g.payer];
        if (r.last_action != kNoDate && r.last_action + s.min_gap_days > r.action_date) {
            r.action_date = r.last_action + s.min_gap_days;
            r.pushed = true;
        }
        if (r.action_date > A + opt.horizon_days) continue;
        r.state = r.action_date < A ? AgendaState::late : (r.action_date == A ? AgendaState::today : AgendaState::upcoming);
        r.error = contact_error(L, g.payer, step);
        if (r.error != ContactError::none) r.state = AgendaState::error;
        ag.rows.push_back(std::move(r));
    }

    // §8 sort: action_date, entity, customer_id, step order, scenario id. The payers
    // are ranked by (entity, customer_id) — unique per customer row — in the ledger's
    // customer order (sorted once per ledger, shared with the reports' --by customer),
    // so that the row sort compares integers rather than pooled strings.
    const std::vector<std::uint32_t> rank =
        make_grouping(L, "customer", std::vector<std::uint8_t>(C.size(), 1)).group_of_customer;
    std::sort(ag.rows.begin(), ag.rows.end(), [&](const AgendaRow& a, const AgendaRow& b) {
        if (a.action_date != b.action_date) return a.action_date < b.action_date;
        if (a.payer != b.payer) return rank[a.payer] < rank[b.payer];
        if (a.step != b.step) return a.step < b.step;
        return scen[a.scenario].id < scen[b.scenario].id;
    });
    std::sort(ag.broken_promises.begin(), ag.broken_promises.end(),
              [](const BrokenPromise& a, const BrokenPromise& b) { return a.item < b.item; });
    if (!opt.customer_scope.empty()) {
        const auto& scope = opt.customer_scope;
        if (scope.size() != C.size()) throw Error(Errc::internal, "customer_scope does not match the customer table");
        std::erase_if(ag.rows, [&](const AgendaRow& r) { return !scope[r.payer]; });
        std::erase_if(ag.broken_promises, [&](const BrokenPromise& b) { return !scope[C.payer[I.customer[b.item]]]; });
    }
    return ag;
}

Table agenda_table(const Ledger& L, const Agenda& ag) {
    const CustomerTable& C = L.customers();
    const ItemTable& I = L.items();
    Table t;
    t.report = "agenda";
    t.as_of = ag.as_of;
    t.base_currency = ag.base.code();
    const auto entity = t.add_column("entity", CellType::text);
    const auto customer = t.add_column("customer_id", CellType::text);
    const auto scenario = t.add_column("scenario", CellType::text);
    const auto step = t.add_column("step", CellType::text);
    const auto channel = t.add_column("channel", CellType::text);
    const auto mode = t.add_column("mode", CellType::text);
    const auto date = t.add_column("action_date", CellType::date);
    const auto state = t.add_column("state", CellType::text);
    const auto error = t.add_column("error", CellType::text);
    const auto items = t.add_column("items", CellType::integer);
    const auto amount = t.add_column("amount", CellType::decimal, ag.base.minor_units());
    const auto old_items = t.add_column("old_items", CellType::integer);
    const auto item_ids = t.add_column("item_ids", CellType::text);
    std::string ids;
    for (const AgendaRow& r : ag.rows) {
        const Scenario& s = L.scenarios().list[r.scenario];
        const ScenarioStep& st = s.steps[r.step];
        t.push_text(entity, L.str(C.entity[r.payer]));
        t.push_text(customer, L.str(C.customer_id[r.payer]));
        t.push_text(scenario, s.id);
        t.push_text(step, st.id);
        t.push_text(channel, to_string(st.channel));
        t.push_text(mode, to_string(st.mode));
        t.push_date(date, Date::from_days(r.action_date));
        t.push_text(state, to_string(r.state));
        if (r.error == ContactError::none) t.push_null(error);
        else t.push_text(error, to_string(r.error));
        t.push_int(items, static_cast<std::int64_t>(r.items.size()));
        t.push_decimal(amount, r.amount);
        t.push_int(old_items, r.old_items);
        ids.clear();
        for (const std::uint32_t i : r.items) {
            if (!ids.empty()) ids.push_back(' ');
            ids += L.str(I.item_id[i]);
        }
        t.push_text(item_ids, ids);
    }
    return t;
}

AgendaExplanation explain(const Ledger& L, const Agenda& ag, std::size_t row) {
    if (row >= ag.rows.size())
        throw Error(Errc::not_found, "agenda row " + std::to_string(row) + " does not exist (the agenda has " +
                                         std::to_string(ag.rows.size()) + " rows)");
    const CustomerTable& C = L.customers();
    const ItemTable& I = L.items();
    const AgendaRow& r = ag.rows[row];
    const Scenario& s = L.scenarios().list[r.scenario];
    const ScenarioStep& st = s.steps[r.step];
    const std::int32_t A = ag.as_of.days();
    const Work w = scan_actions(L, A);
    AgendaExplanation e;
    e.entity = std::string(L.str(C.entity[r.payer]));
    e.customer_id = std::string(L.str(C.customer_id[r.payer]));
    e.scenario = s.id;
    e.step = st.id;
    e.anchor = to_string(s.anchor);
    e.offset_days = st.offset_days;
    e.min_trigger = Date::from_days(r.min_trigger);
    if (r.last_action != kNoDate) {
        e.last_action = Date::from_days(r.last_action);
        e.last_action_id = std::string(L.str(L.actions().action_id[r.last_action_row]));
    }
    e.min_gap_days = s.min_gap_days;
    e.pushed = r.pushed;
    e.action_date = Date::from_days(r.action_date);
    e.state = to_string(r.state);
    e.error = to_string(r.error);
    e.amount = format_fixed(r.amount, ag.base.minor_units());
    e.min_amount = s.min_amount.to_string();
    e.horizon_days = ag.horizon_days;
    for (std::size_t k = 0; k < r.items.size(); ++k) {
        const std::uint32_t i = r.items[k];
        AgendaExplanation::ItemWhy y;
        y.item_id = std::string(L.str(I.item_id[i]));
        y.customer_id = std::string(L.str(C.customer_id[I.customer[i]]));
        y.due_date = Date::from_days(I.due_date[i]);
        y.balance = L.balance_at(i, A);
        y.currency = I.currency[i].code();
        y.dpd = A - I.due_date[i];
        y.trigger = Date::from_days(r.triggers[k]);
        const std::string due = y.due_date.to_string();
        const std::string off = (st.offset_days >= 0 ? "+" : "") + std::to_string(st.offset_days);
        if (s.anchor == Anchor::leader) {
            const std::string lid(L.str(I.item_id[r.leader]));
            y.trigger_rule = i == r.leader ? "leader: due " + due + " " + off + " days"
                                           : "taken by the leader " + lid + " (overdue, " + std::to_string(y.dpd) + " days)";
        } else if (s.anchor == Anchor::last_action && r.step > 0) {
            const std::uint32_t b = w.step_base[i];
            const int gap = st.offset_days - s.steps[r.step - 1].offset_days;
            const std::int32_t prev = w.done_date[b + r.step - 1];
            y.trigger_rule = prev != kNoDate
                                 ? "previous step " + s.steps[r.step - 1].id + " done " + Date::from_days(prev).to_string() +
                                       " +" + std::to_string(gap) + " days"
                                 : "previous step " + s.steps[r.step - 1].id + " not acted (dated at its own trigger) +" +
                                       std::to_string(gap) + " days";
        } else {
            y.trigger_rule = "due " + due + " " + off + " days";
        }
        if (w.step_base[i + 1] > w.step_base[i]) {
            for (std::size_t k2 = 0; k2 < s.steps.size(); ++k2) {
                const std::int32_t d = w.done_date[w.step_base[i] + k2];
                std::string part;
                if (d != kNoDate) part = s.steps[k2].id + " " + Date::from_days(d).to_string();
                else if (y.dpd > 0 && s.steps[k2].offset_days <= 0) part = s.steps[k2].id + " skipped (overdue)";
                if (part.empty()) continue;
                if (!y.done_steps.empty()) y.done_steps += ", ";
                y.done_steps += part;
            }
        }
        e.items.push_back(std::move(y));
    }
    // The readable form.
    std::string& t = e.text;
    t += e.entity + ":" + e.customer_id + " scenario " + e.scenario + " (anchor " + e.anchor + "), step " + e.step +
         " (" + to_string(st.channel) + ", " + to_string(st.mode) + ", offset " + std::to_string(st.offset_days) +
         " days)\n";
    for (const auto& y : e.items) {
        t += "  item " + y.item_id + (y.customer_id != e.customer_id ? " (account " + y.customer_id + ")" : "") +
             ": due " + y.due_date.to_string() + ", dpd " + std::to_string(y.dpd) + ", open " +
             format_fixed(y.balance, Currency::of(y.currency).minor_units()) + " " + y.currency + "; trigger " +
             y.trigger.to_string() + " = " + y.trigger_rule;
        if (!y.done_steps.empty()) t += "; done: " + y.done_steps;
        t += '\n';
    }
    t += "  date: earliest trigger " + e.min_trigger.to_string();
    if (e.last_action) {
        t += "; payer's last action " + e.last_action->to_string() + " (" + e.last_action_id + ") + min_gap_days " +
             std::to_string(e.min_gap_days) + " = " + (*e.last_action + e.min_gap_days).to_string();
        t += e.pushed ? " → pushed to " + e.action_date.to_string() : " (no push)";
    } else {
        t += "; no earlier action for this payer";
    }
    t += "\n  action_date " + e.action_date.to_string() + " ≤ A + " + std::to_string(e.horizon_days) + " = " +
         (ag.as_of + e.horizon_days).to_string() + "; state " + e.state + (e.error.empty() ? "" : " (" + e.error + ")") +
         "; amount " + e.amount + " " + ag.base.code() + " ≥ min_amount " + e.min_amount + "\n";
    return e;
}

DSOCORE_END_NAMESPACE

// The credit-limit approval workflow over limit_requests.csv and customers.csv.
#include "dsocore/risk/limits.hpp"

#include <algorithm>
#include <chrono>

#include "dsocore/core/error.hpp"
#include "dsocore/io/csv.hpp"
#include "dsocore/ledger/fx.hpp"
#include "dsocore/risk/config.hpp"
#include "dsocore/risk/store.hpp"

DSOCORE_BEGIN_NAMESPACE

namespace fs = std::filesystem;

namespace {
constexpr const char* kLog = "limit_requests.csv";

std::string customer_key(std::string_view e, std::string_view id) { return std::string(e) + ":" + std::string(id); }

std::int64_t parse_int(const std::string& s, const char* what, std::size_t line) {
    std::int64_t v = 0;
    if (s.empty() || parse_fixed(s, 0, v) != FixedParse::ok || s.find('.') != std::string::npos)
        throw Error(Errc::data, std::string(kLog) + ":" + std::to_string(line) + ": column " + what + ": value '" + s +
                                    "': expected a whole number");
    return v;
}

std::vector<LimitEvent> read_events(const fs::path& dir) {
    const auto rows = read_csv_log(dir / kLog, limit_log_columns());
    std::vector<LimitEvent> ev;
    ev.reserve(rows.size());
    std::size_t line = 1;
    for (const auto& r : rows) {
        ++line;
        LimitEvent e;
        e.request_id = parse_int(r[0], "request_id", line);
        e.event = r[1];
        if (e.event != "request" && e.event != "approve" && e.event != "reject" && e.event != "applied")
            throw Error(Errc::data, std::string(kLog) + ":" + std::to_string(line) + ": column event: value '" + e.event +
                                        "': expected request, approve, reject or applied");
        e.timestamp = r[2];
        e.entity = r[3];
        e.customer_id = r[4];
        e.level = r[5].empty() ? 0 : static_cast<int>(parse_int(r[5], "level", line));
        e.role = r[6];
        e.user = r[7];
        e.old_limit = r[8];
        e.new_limit = r[9];
        e.currency = r[10];
        e.levels = r[11];
        e.comment = r[12];
        ev.push_back(std::move(e));
    }
    return ev;
}

std::vector<std::string> to_row(const LimitEvent& e) {
    return {std::to_string(e.request_id), e.event,     e.timestamp, e.entity,   e.customer_id,
            e.level ? std::to_string(e.level) : "",    e.role,      e.user,     e.old_limit,
            e.new_limit,                               e.currency,  e.levels,   e.comment};
}

std::string today_text() { return utc_timestamp().substr(0, 10); }

/// The customer's current limit as canonical text ("" when none).
std::string current_limit(const Ledger& L, std::uint32_t c) {
    const CustomerTable& C = L.customers();
    if (!C.has_credit_limit[c]) return "";
    return format_fixed(C.credit_limit[c], C.credit_limit_currency[c].minor_units());
}

bool same_amount(const std::string& a, const std::string& b) {
    if (a.empty() || b.empty()) return a.empty() && b.empty();
    const auto x = Decimal::try_parse(a), y = Decimal::try_parse(b);
    return x && y && *x == *y;
}

const LimitRequest* pending_of(const std::vector<LimitRequest>& reqs, std::string_view e, std::string_view id) {
    for (const auto& r : reqs)
        if (r.state == RequestState::pending && r.entity == e && r.customer_id == id) return &r;
    return nullptr;
}

/// Writes the request's new limit into customers.csv (checked by a full load first).
void write_limit(const fs::path& dir, const LimitRequest& r) {
    CustomersFile f = CustomersFile::read(dir);
    const std::size_t row = f.find(r.entity, r.customer_id);
    if (row == CustomersFile::npos)
        throw Error(Errc::not_found, "customer " + customer_key(r.entity, r.customer_id) + " of request " +
                                         std::to_string(r.id) + " is no longer in customers.csv");
    std::size_t col = f.column("credit_limit");
    if (col == CustomersFile::npos) col = f.add_column("credit_limit");
    f.set_value(row, col, r.new_limit);
    const std::string text = f.render();
    const Ledger check = load_with_customers(dir, text); // never write a directory that does not load
    (void)check;
    write_file_atomic((dir / "customers.csv").string(), text);
}
} // namespace

const std::vector<std::string>& limit_log_columns() {
    static const std::vector<std::string> c = {"request_id", "event",     "timestamp", "entity",   "customer_id",
                                               "level",      "role",      "user",      "old_limit", "new_limit",
                                               "currency",   "levels",    "comment"};
    return c;
}

const char* to_string(RequestState s) noexcept {
    switch (s) {
    case RequestState::pending: return "pending";
    case RequestState::approved: return "approved";
    case RequestState::rejected: return "rejected";
    }
    return "";
}

std::vector<LimitRequest> rebuild_requests(const std::vector<LimitEvent>& events) {
    std::vector<LimitRequest> reqs;
    auto find = [&](std::int64_t id) -> LimitRequest* {
        for (auto& r : reqs)
            if (r.id == id) return &r;
        return nullptr;
    };
    for (const auto& e : events) {
        if (e.event == "request") {
            if (find(e.request_id)) throw Error(Errc::data, std::string(kLog) + ": request " + std::to_string(e.request_id) + " opened twice");
            LimitRequest r;
            r.id = e.request_id;
            r.entity = e.entity;
            r.customer_id = e.customer_id;
            r.old_limit = e.old_limit;
            r.new_limit = e.new_limit;
            r.currency = e.currency;
            r.requested_by = e.user;
            std::size_t p = 0;
            while (p < e.levels.size()) {
                std::size_t q = e.levels.find(' ', p);
                if (q == std::string::npos) q = e.levels.size();
                if (q > p) r.levels.push_back(parse_role_or_throw(std::string_view(e.levels).substr(p, q - p)));
                p = q + 1;
            }
            if (r.levels.empty()) throw Error(Errc::data, std::string(kLog) + ": request " + std::to_string(r.id) + " has no levels");
            reqs.push_back(std::move(r));
            continue;
        }
        LimitRequest* r = find(e.request_id);
        if (!r) throw Error(Errc::data, std::string(kLog) + ": event '" + e.event + "' for unknown request " + std::to_string(e.request_id));
        if (e.event == "approve" && r->state == RequestState::pending) {
            ++r->approved;
            r->approvers.push_back(e.user);
            if (r->approved == r->levels.size()) r->state = RequestState::approved;
        } else if (e.event == "reject" && r->state == RequestState::pending) {
            r->state = RequestState::rejected;
        } else if (e.event == "applied" && r->state == RequestState::approved) {
            r->applied = true;
        } else {
            throw Error(Errc::data, std::string(kLog) + ": event '" + e.event + "' on request " + std::to_string(r->id) +
                                        " which is " + to_string(r->state));
        }
    }
    return reqs;
}

LimitWorkflow::LimitWorkflow(fs::path data_dir) : dir_(std::move(data_dir)), clock_(&utc_timestamp) {}

std::size_t LimitWorkflow::recover() {
    DataDirLock lock(dir_);
    return recover_locked();
}

std::size_t LimitWorkflow::recover_locked() {
    const auto events = read_events(dir_);
    std::size_t done = 0;
    for (const auto& r : rebuild_requests(events)) {
        if (r.state != RequestState::approved || r.applied) continue;
        // The final approval was logged but the run stopped before (or while) writing
        // customers.csv. Write the approved limit unless it is already there.
        CustomersFile f = CustomersFile::read(dir_);
        const std::size_t row = f.find(r.entity, r.customer_id);
        const std::size_t col = f.column("credit_limit");
        const bool there = row != CustomersFile::npos && col != CustomersFile::npos && same_amount(f.value(row, col), r.new_limit);
        if (!there) write_limit(dir_, r);
        LimitEvent a;
        a.request_id = r.id;
        a.event = "applied";
        a.timestamp = clock_();
        a.entity = r.entity;
        a.customer_id = r.customer_id;
        a.new_limit = r.new_limit;
        a.currency = r.currency;
        a.comment = "completed after an interrupted write";
        append_csv_log(dir_ / kLog, limit_log_columns(), {to_row(a)});
        ++done;
    }
    return done;
}

LimitRequest LimitWorkflow::request(const Actor& who, std::string_view customer, std::string_view amount,
                                    std::string_view comment, std::optional<Date> as_of) {
    DataDirLock lock(dir_);
    recover_locked();
    const Ledger L = Ledger::load(dir_);
    const RiskConfig cfg = RiskConfig::load(dir_);
    cfg.require_approval_levels();
    const RoleView view(L, who.role, who.user);
    view.require(Operation::request_limit);
    const std::uint32_t c = resolve_customer(L, customer);
    view.require(Operation::request_limit, c);
    if (who.user.empty()) throw Error(Errc::invalid_argument, "a limit request needs the requester's user name (--user)");
    const CustomerTable& C = L.customers();
    const std::string entity(L.str(C.entity[c])), id(L.str(C.customer_id[c]));

    const auto events = read_events(dir_);
    const auto reqs = rebuild_requests(events);
    if (const LimitRequest* p = pending_of(reqs, entity, id))
        throw Error(Errc::invalid_argument, "customer " + customer_key(entity, id) + " already has pending request " +
                                                std::to_string(p->id) + " (level " + std::to_string(p->next_level()) +
                                                ", " + to_string(p->levels[p->approved]) +
                                                "); approve or reject it before a new one");

    const Currency cur = C.credit_limit_currency[c];
    std::int64_t units = 0;
    switch (parse_fixed(amount, cur.minor_units(), units)) {
    case FixedParse::ok: break;
    case FixedParse::too_precise:
        throw Error(Errc::invalid_argument, "amount '" + std::string(amount) + "': " + std::string(cur.code()) + " has " +
                                                std::to_string(cur.minor_units()) + " decimals");
    case FixedParse::overflow: throw Error(Errc::invalid_argument, "amount '" + std::string(amount) + "' is too large");
    case FixedParse::syntax:
        throw Error(Errc::invalid_argument, "amount '" + std::string(amount) + "': expected a decimal such as 75000 or 75000.00");
    }
    if (units < 0) throw Error(Errc::invalid_argument, "amount '" + std::string(amount) + "': a credit limit cannot be negative");

    if (C.has_credit_limit[c] && C.credit_limit[c] == units)
        throw Error(Errc::invalid_argument, "customer " + customer_key(entity, id) + " already has a credit limit of " +
                                                format_fixed(units, cur.minor_units()) + " " + cur.code());
    // Thresholds are in the company's base currency: convert at the request date.
    const Currency base = L.company().base_currency;
    const Date day = as_of ? *as_of : Date::parse_or_throw(today_text());
    const std::int64_t in_base = Converter(L.fx(), base).convert(units, cur, day.days());
    const std::vector<std::size_t> lv = cfg.levels_for(Decimal::from_units(in_base, base.minor_units()));

    std::int64_t next_id = 1;
    for (const auto& r : reqs) next_id = std::max(next_id, r.id + 1);
    LimitEvent e;
    e.request_id = next_id;
    e.event = "request";
    e.timestamp = clock_();
    e.entity = entity;
    e.customer_id = id;
    e.role = to_string(who.role);
    e.user = who.user;
    e.old_limit = current_limit(L, c);
    e.new_limit = format_fixed(units, cur.minor_units());
    e.currency = cur.code();
    for (std::size_t k : lv) e.levels += (e.levels.empty() ? "" : " ") + std::string(to_string(cfg.approval_levels[k].role));
    e.comment = std::string(comment);
    append_csv_log(dir_ / kLog, limit_log_columns(), {to_row(e)});
    auto after = rebuild_requests(read_events(dir_));
    return after.back();
}

LimitRequest LimitWorkflow::approve(const Actor& who, std::string_view customer, std::string_view comment,
                                    std::optional<std::int64_t> request_id) {
    return decide(who, customer, comment, request_id, true);
}

LimitRequest LimitWorkflow::reject(const Actor& who, std::string_view customer, std::string_view comment,
                                   std::optional<std::int64_t> request_id) {
    return decide(who, customer, comment, request_id, false);
}

LimitRequest LimitWorkflow::decide(const Actor& who, std::string_view customer, std::string_view comment,
                                   std::optional<std::int64_t> request_id, bool approve) {
    DataDirLock lock(dir_);
    recover_locked();
    const Ledger L = Ledger::load(dir_);
    const RoleView view(L, who.role, who.user);
    view.require(Operation::approve_limit);
    if (who.user.empty()) throw Error(Errc::invalid_argument, "an approval needs the approver's user name (--user)");

    const auto reqs = rebuild_requests(read_events(dir_));
    const LimitRequest* r = nullptr;
    std::string entity, id;
    if (!customer.empty()) {
        const std::uint32_t c = resolve_customer(L, customer);
        entity = L.str(L.customers().entity[c]);
        id = L.str(L.customers().customer_id[c]);
    }
    if (request_id) {
        for (const auto& x : reqs)
            if (x.id == *request_id) r = &x;
        if (!r) throw Error(Errc::not_found, "limit request " + std::to_string(*request_id) + " not found in " + kLog);
        if (!customer.empty() && (r->entity != entity || r->customer_id != id))
            throw Error(Errc::invalid_argument, "limit request " + std::to_string(r->id) + " is for customer " +
                                                    customer_key(r->entity, r->customer_id) + ", not " + customer_key(entity, id));
        if (r->state != RequestState::pending)
            throw Error(Errc::invalid_argument, "limit request " + std::to_string(r->id) + " is already " + to_string(r->state));
    } else {
        if (customer.empty()) throw Error(Errc::invalid_argument, "name the customer (--customer) or the request (--request)");
        r = pending_of(reqs, entity, id);
        if (!r) throw Error(Errc::not_found, "customer " + customer_key(entity, id) + " has no pending limit request");
    }
    const std::uint32_t c = L.find_customer(r->entity, r->customer_id);
    if (c == kNoRow)
        throw Error(Errc::not_found, "customer " + customer_key(r->entity, r->customer_id) + " of request " +
                                         std::to_string(r->id) + " is no longer in customers.csv");
    view.require(Operation::approve_limit, c);

    const int level = r->next_level();
    const Role needed = r->levels[static_cast<std::size_t>(level - 1)];
    if (who.role != needed && who.role != Role::admin)
        throw Error(Errc::permission, "level " + std::to_string(level) + " of limit request " + std::to_string(r->id) +
                                          " needs role " + to_string(needed) + "; role " + to_string(who.role) +
                                          " (user '" + who.user + "') may not decide it");
    for (const auto& u : r->approvers)
        if (u == who.user)
            throw Error(Errc::permission, "user '" + who.user + "' already approved a level of limit request " +
                                              std::to_string(r->id) + "; each level needs another person");

    LimitEvent e;
    e.request_id = r->id;
    e.event = approve ? "approve" : "reject";
    e.timestamp = clock_();
    e.entity = r->entity;
    e.customer_id = r->customer_id;
    e.level = level;
    e.role = to_string(who.role);
    e.user = who.user;
    e.comment = std::string(comment);
    const bool final_step = approve && static_cast<std::size_t>(level) == r->levels.size();
    if (final_step) {
        // The limit must still be the one the request started from.
        const std::string now = current_limit(L, c);
        if (!same_amount(now, r->old_limit) || L.customers().credit_limit_currency[c].code() != r->currency)
            throw Error(Errc::invalid_argument,
                        "the credit limit of " + customer_key(r->entity, r->customer_id) + " changed since request " +
                            std::to_string(r->id) + " (was " + (r->old_limit.empty() ? "none" : r->old_limit + " " + r->currency) +
                            ", now " + (now.empty() ? "none" : now + " " + L.customers().credit_limit_currency[c].code()) +
                            "); reject it and make a new request");
    }
    // Order of writes for the final step: the decision first, then customers.csv, then
    // `applied`. A crash in between leaves an approved, not applied request that the
    // next operation completes (recover_locked); customers.csv is never half-written.
    append_csv_log(dir_ / kLog, limit_log_columns(), {to_row(e)});
    if (final_step) {
        LimitRequest done = *r;
        crash_point("limit.after_log");
        write_limit(dir_, done);
        crash_point("limit.after_customers");
        LimitEvent a;
        a.request_id = r->id;
        a.event = "applied";
        a.timestamp = clock_();
        a.entity = r->entity;
        a.customer_id = r->customer_id;
        a.new_limit = r->new_limit;
        a.currency = r->currency;
        append_csv_log(dir_ / kLog, limit_log_columns(), {to_row(a)});
    }
    const std::int64_t rid = r->id;
    for (auto& x : rebuild_requests(read_events(dir_)))
        if (x.id == rid) return x;
    throw Error(Errc::internal, "limit request vanished from the log");
}

std::vector<LimitEvent> LimitWorkflow::events(const Actor& who) const {
    auto ev = read_events(dir_);
    if (who.role != Role::collector) return ev;
    const Ledger L = Ledger::load(dir_);
    const RoleView view(L, who.role, who.user);
    std::vector<LimitEvent> out;
    for (auto& e : ev) {
        const std::uint32_t c = L.find_customer(e.entity, e.customer_id);
        if (c != kNoRow && view.sees(c)) out.push_back(std::move(e));
    }
    return out;
}

std::vector<LimitRequest> LimitWorkflow::requests(const Actor& who) const {
    auto all = rebuild_requests(read_events(dir_));
    if (who.role != Role::collector) return all;
    const Ledger L = Ledger::load(dir_);
    const RoleView view(L, who.role, who.user);
    std::vector<LimitRequest> out;
    for (auto& r : all) {
        const std::uint32_t c = L.find_customer(r.entity, r.customer_id);
        if (c != kNoRow && view.sees(c)) out.push_back(std::move(r));
    }
    return out;
}

Table LimitWorkflow::history(const Actor& who, std::string_view customer, std::optional<std::int64_t> request_id) const {
    std::string entity, id;
    if (!customer.empty()) {
        const Ledger L = Ledger::load(dir_);
        const std::uint32_t c = resolve_customer(L, customer);
        entity = L.str(L.customers().entity[c]);
        id = L.str(L.customers().customer_id[c]);
    }
    Table t;
    t.report = "limit_history";
    t.as_of = Date::parse_or_throw(today_text());
    const std::size_t c_id = t.add_column("request_id", CellType::integer);
    const std::size_t c_ev = t.add_column("event", CellType::text);
    const std::size_t c_ts = t.add_column("timestamp", CellType::text);
    const std::size_t c_e = t.add_column("entity", CellType::text);
    const std::size_t c_c = t.add_column("customer_id", CellType::text);
    const std::size_t c_lv = t.add_column("level", CellType::integer);
    const std::size_t c_ro = t.add_column("role", CellType::text);
    const std::size_t c_u = t.add_column("user", CellType::text);
    const std::size_t c_old = t.add_column("old_limit", CellType::text);
    const std::size_t c_new = t.add_column("new_limit", CellType::text);
    const std::size_t c_cur = t.add_column("currency", CellType::text);
    const std::size_t c_lvs = t.add_column("levels", CellType::text);
    const std::size_t c_com = t.add_column("comment", CellType::text);
    for (const auto& e : events(who)) {
        if (!customer.empty() && (e.entity != entity || e.customer_id != id)) continue;
        if (request_id && e.request_id != *request_id) continue;
        t.push_int(c_id, e.request_id);
        t.push_text(c_ev, e.event);
        t.push_text(c_ts, e.timestamp);
        t.push_text(c_e, e.entity);
        t.push_text(c_c, e.customer_id);
        if (e.level) t.push_int(c_lv, e.level);
        else t.push_null(c_lv);
        t.push_text(c_ro, e.role);
        t.push_text(c_u, e.user);
        t.push_text(c_old, e.old_limit);
        t.push_text(c_new, e.new_limit);
        t.push_text(c_cur, e.currency);
        t.push_text(c_lvs, e.levels);
        t.push_text(c_com, e.comment);
    }
    return t;
}

Table requests_table(const std::vector<LimitRequest>& requests) {
    Table t;
    t.report = "limit_requests";
    t.as_of = Date::parse_or_throw(today_text());
    const std::size_t c_id = t.add_column("request_id", CellType::integer);
    const std::size_t c_e = t.add_column("entity", CellType::text);
    const std::size_t c_c = t.add_column("customer_id", CellType::text);
    const std::size_t c_old = t.add_column("old_limit", CellType::text);
    const std::size_t c_new = t.add_column("new_limit", CellType::text);
    const std::size_t c_cur = t.add_column("currency", CellType::text);
    const std::size_t c_st = t.add_column("state", CellType::text);
    const std::size_t c_lvs = t.add_column("levels", CellType::text);
    const std::size_t c_ap = t.add_column("approved", CellType::integer);
    const std::size_t c_nl = t.add_column("next_level", CellType::integer);
    const std::size_t c_nr = t.add_column("next_role", CellType::text);
    const std::size_t c_app = t.add_column("applied", CellType::boolean);
    const std::size_t c_by = t.add_column("requested_by", CellType::text);
    const std::size_t c_aps = t.add_column("approvers", CellType::text);
    for (const auto& r : requests) {
        t.push_int(c_id, r.id);
        t.push_text(c_e, r.entity);
        t.push_text(c_c, r.customer_id);
        t.push_text(c_old, r.old_limit);
        t.push_text(c_new, r.new_limit);
        t.push_text(c_cur, r.currency);
        t.push_text(c_st, to_string(r.state));
        std::string levels, approvers;
        for (const Role role : r.levels) levels += (levels.empty() ? "" : " ") + std::string(to_string(role));
        for (const auto& u : r.approvers) approvers += (approvers.empty() ? "" : " ") + u;
        t.push_text(c_lvs, levels);
        t.push_int(c_ap, static_cast<std::int64_t>(r.approved));
        if (const int next = r.next_level()) {
            t.push_int(c_nl, next);
            t.push_text(c_nr, to_string(r.levels[r.approved]));
        } else {
            t.push_null(c_nl);
            t.push_text(c_nr, "");
        }
        t.push_bool(c_app, r.applied);
        t.push_text(c_by, r.requested_by);
        t.push_text(c_aps, approvers);
    }
    return t;
}

DSOCORE_END_NAMESPACE

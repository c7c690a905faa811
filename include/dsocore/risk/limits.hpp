// dsocore — the credit-limit approval workflow (risk.md "Limit validation workflow").
//
// A request carries the customer, the old and new limit (in the customer's
// credit_limit_currency), the requester and a comment. The levels it needs are fixed
// when it is made (RiskConfig::levels_for on the new limit converted to the base
// currency at the request date). It is approved or rejected level by level; the
// customer's credit_limit in customers.csv changes only when the last level approves.
// Every step is one row of limit_requests.csv in the data directory (append-only,
// written atomically): who, when, what. See docs/risk.md.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "dsocore/core/date.hpp"
#include "dsocore/core/decimal.hpp"
#include "dsocore/reports/table.hpp"
#include "dsocore/risk/roles.hpp"

DSOCORE_BEGIN_NAMESPACE

/// One row of limit_requests.csv.
struct LimitEvent {
    std::int64_t request_id = 0;
    std::string event;     ///< request | approve | reject | applied
    std::string timestamp; ///< UTC, YYYY-MM-DDTHH:MM:SSZ
    std::string entity, customer_id;
    int level = 0;         ///< 1-based level for approve/reject; 0 otherwise
    std::string role, user;
    std::string old_limit; ///< request row: the limit when asked ("" = none)
    std::string new_limit; ///< request row: the limit asked for
    std::string currency;  ///< request row: credit_limit_currency
    std::string levels;    ///< request row: the roles of the needed levels, space-separated
    std::string comment;
};

/// The columns of limit_requests.csv, in order.
const std::vector<std::string>& limit_log_columns();

enum class RequestState : std::uint8_t { pending, approved, rejected };
const char* to_string(RequestState s) noexcept;

/// A request rebuilt from its events.
struct LimitRequest {
    std::int64_t id = 0;
    std::string entity, customer_id;
    std::string old_limit, new_limit, currency;
    std::vector<Role> levels;  ///< role of each needed level, in order
    std::size_t approved = 0;  ///< levels approved so far
    RequestState state = RequestState::pending;
    bool applied = false;      ///< customers.csv carries the new limit (after final approval)
    std::string requested_by;
    std::vector<std::string> approvers; ///< user of each approved level
    /// The level waiting for a decision (1-based), 0 when not pending.
    int next_level() const noexcept {
        return state == RequestState::pending ? static_cast<int>(approved) + 1 : 0;
    }
};

/// Who acts.
struct Actor {
    Role role = Role::credit_manager;
    std::string user;
};

/// The workflow over one data directory. Each operation locks the directory, loads
/// and checks it, writes, and returns the request as it stands afterwards.
class LimitWorkflow {
public:
    explicit LimitWorkflow(std::filesystem::path data_dir);

    /// Opens a request for a new limit. `customer` is `ENTITY:ID` or an ID unique across
    /// entities; `amount` in the customer's credit_limit_currency (at most its minor
    /// digits, ≥ 0); `as_of` is the day of the conversion to the base currency for the
    /// thresholds (default: today, UTC). Refused when the customer has a pending request.
    LimitRequest request(const Actor& who, std::string_view customer, std::string_view amount, std::string_view comment,
                         std::optional<Date> as_of = std::nullopt);
    /// Approves the next level of the customer's pending request (or of `request_id`).
    /// The actor's role must be the level's role (admin may approve any level) and a
    /// user approves at most one level of a request. On the last level customers.csv
    /// gets the new credit_limit.
    LimitRequest approve(const Actor& who, std::string_view customer, std::string_view comment,
                         std::optional<std::int64_t> request_id = std::nullopt);
    /// Rejects the pending level: the request ends, the limit stays as it was.
    LimitRequest reject(const Actor& who, std::string_view customer, std::string_view comment,
                        std::optional<std::int64_t> request_id = std::nullopt);

    /// Every event, in order (a collector sees only their customers' events).
    std::vector<LimitEvent> events(const Actor& who) const;
    /// Every request, rebuilt from the events (same visibility).
    std::vector<LimitRequest> requests(const Actor& who) const;
    /// History as a table: request_id, event, timestamp, entity, customer_id, level,
    /// role, user, old_limit, new_limit, currency, levels, comment, filtered by customer
    /// (`ENTITY:ID` or ID) and/or request id.
    Table history(const Actor& who, std::string_view customer = {}, std::optional<std::int64_t> request_id = std::nullopt) const;

    /// Timestamp source (tests fix it); default utc_timestamp().
    void set_clock(std::function<std::string()> clock) { clock_ = std::move(clock); }

    /// Completes a final approval interrupted between limit_requests.csv and
    /// customers.csv (a crash): writes the limit and logs `applied`. Every operation
    /// calls it first; returns the number of requests completed.
    std::size_t recover();

private:
    LimitRequest decide(const Actor& who, std::string_view customer, std::string_view comment,
                        std::optional<std::int64_t> request_id, bool approve);
    std::size_t recover_locked();
    std::filesystem::path dir_;
    std::function<std::string()> clock_;
};

/// Rebuilds requests from events (in id order).
std::vector<LimitRequest> rebuild_requests(const std::vector<LimitEvent>& events);

/// Requests as a table (report "limit_requests"), one row each: request_id, entity,
/// customer_id, old_limit, new_limit, currency, state, levels (roles, space-separated),
/// approved (levels approved), next_level and next_role (empty unless pending),
/// applied, requested_by, approvers (space-separated). The doors return it for
/// request/approve/reject.
Table requests_table(const std::vector<LimitRequest>& requests);

DSOCORE_END_NAMESPACE

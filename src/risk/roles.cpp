// Roles and the role-scoped view.
#include "dsocore/risk/roles.hpp"

#include "dsocore/core/error.hpp"

DSOCORE_BEGIN_NAMESPACE

const char* to_string(Role r) noexcept {
    switch (r) {
    case Role::collector: return "collector";
    case Role::credit_manager: return "credit_manager";
    case Role::sales: return "sales";
    case Role::admin: return "admin";
    }
    return "";
}

std::optional<Role> parse_role(std::string_view s) noexcept {
    for (Role r : {Role::collector, Role::credit_manager, Role::sales, Role::admin})
        if (s == to_string(r)) return r;
    return std::nullopt;
}

Role parse_role_or_throw(std::string_view s) {
    if (auto r = parse_role(s)) return *r;
    throw Error(Errc::invalid_argument,
                "role '" + std::string(s) + "': expected one of collector, credit_manager, sales, admin");
}

const char* to_string(Operation o) noexcept {
    switch (o) {
    case Operation::read: return "read customers";
    case Operation::assign_scenario: return "change the scenario";
    case Operation::assign_collector: return "change the collector";
    case Operation::assign_group: return "change the group_code";
    case Operation::assign_custom: return "change a custom field";
    case Operation::request_limit: return "request a credit-limit change";
    case Operation::approve_limit: return "approve or reject a credit-limit change";
    case Operation::export_data: return "export the data directory or a report";
    }
    return "";
}

namespace {
constexpr Operation kOperations[] = {Operation::read,          Operation::assign_scenario, Operation::assign_collector,
                                     Operation::assign_group,  Operation::assign_custom,   Operation::request_limit,
                                     Operation::approve_limit, Operation::export_data};
} // namespace

const char* operation_name(Operation o) noexcept {
    switch (o) {
    case Operation::read: return "read";
    case Operation::assign_scenario: return "assign_scenario";
    case Operation::assign_collector: return "assign_collector";
    case Operation::assign_group: return "assign_group";
    case Operation::assign_custom: return "assign_custom";
    case Operation::request_limit: return "request_limit";
    case Operation::approve_limit: return "approve_limit";
    case Operation::export_data: return "export_data";
    }
    return "";
}

Operation parse_operation_or_throw(std::string_view s) {
    std::string names;
    for (const Operation o : kOperations) {
        if (s == operation_name(o)) return o;
        names += (names.empty() ? "" : ", ") + std::string(operation_name(o));
    }
    throw Error(Errc::invalid_argument, "operation '" + std::string(s) + "': expected one of " + names);
}

RoleView::RoleView(const Ledger& ledger, Role role, std::string user)
    : ledger_(&ledger), role_(role), user_(std::move(user)), user_id_(ledger.strings().find(user_)) {
    if (role_ == Role::collector && user_.empty())
        throw Error(Errc::invalid_argument, "a collector's view needs the user name (--user): it selects their customers");
}

bool RoleView::sees(std::uint32_t c) const noexcept {
    if (role_ != Role::collector) return true;
    return user_id_ != StringPool::npos && ledger_->customers().collector[c] == user_id_;
}

std::vector<std::uint8_t> RoleView::customer_mask() const {
    const std::size_t n = ledger_->customers().size();
    std::vector<std::uint8_t> m(n, 1);
    if (role_ == Role::collector)
        for (std::uint32_t c = 0; c < n; ++c) m[c] = sees(c) ? 1 : 0;
    return m;
}

std::vector<std::uint8_t> RoleView::scope() const {
    return role_ == Role::collector ? customer_mask() : std::vector<std::uint8_t>{};
}

bool RoleView::allows(Role role, Operation op) noexcept {
    // Exports take the data out of the library's role checks: admin only (docs/decisions.md).
    if (op == Operation::export_data) return role == Role::admin;
    switch (role) {
    case Role::admin:
    case Role::credit_manager: return true;
    case Role::sales: return op == Operation::read;
    case Role::collector: return op == Operation::read || op == Operation::assign_custom;
    }
    return false;
}

void RoleView::require(Operation op) const { require(role_, user_, op); }

void RoleView::require(Role role, const std::string& user, Operation op) {
    if (allows(role, op)) return;
    std::string who = std::string("role ") + to_string(role);
    if (!user.empty()) who += " (user '" + user + "')";
    std::string why;
    switch (role) {
    case Role::sales: why = "sales is read-only"; break;
    case Role::collector:
        why = "a collector may read their customers and set custom fields only; "
              "scenarios, collectors, groups and limits belong to credit_manager and admin";
        break;
    default: break;
    }
    if (op == Operation::export_data) why = "exports under a role-scoped view are admin-only";
    throw Error(Errc::permission, who + " may not " + to_string(op) + (why.empty() ? "" : ": " + why));
}

void RoleView::require(Operation op, std::uint32_t c) const {
    require(op);
    if (sees(c)) return;
    const CustomerTable& C = ledger_->customers();
    throw Error(Errc::permission, std::string("role ") + to_string(role_) + " (user '" + user_ + "') may not " +
                                      to_string(op) + " for customer " + std::string(ledger_->str(C.entity[c])) + ":" +
                                      std::string(ledger_->str(C.customer_id[c])) +
                                      ": it is not assigned to them (collector '" +
                                      std::string(ledger_->str(C.collector[c])) + "')");
}

DSOCORE_END_NAMESPACE

// dsocore — roles and the role-scoped view of a ledger (risk.md "Roles").
//
// The library does not authenticate people: the caller says who acts (a user name)
// and in which role, and a RoleView enforces what that role may see and do. Rows: a
// collector sees only the customers whose `collector` field is their user name; the
// other roles see every customer. Operations: see RoleView::require.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dsocore/ledger/ledger.hpp"

DSOCORE_BEGIN_NAMESPACE

enum class Role : std::uint8_t { collector, credit_manager, sales, admin };
const char* to_string(Role r) noexcept;
std::optional<Role> parse_role(std::string_view s) noexcept;
/// Throws Error(invalid_argument) naming the allowed roles.
Role parse_role_or_throw(std::string_view s);

/// What a caller may try to do through a view.
enum class Operation : std::uint8_t {
    read,            ///< reports, search, history
    assign_scenario, ///< set `scenario`
    assign_collector,
    assign_group,    ///< set `group_code`
    assign_custom,   ///< set a `custom_N`
    request_limit,   ///< open a limit request
    approve_limit,   ///< approve or reject a level of a limit request
    export_data,     ///< export the data directory or a report to a file (admin only)
};
/// A phrase for messages ("change the scenario").
const char* to_string(Operation o) noexcept;
/// The operation's identifier in the doors ("assign_scenario"): the enumerator's name.
const char* operation_name(Operation o) noexcept;
/// The operation of an identifier; Error(invalid_argument) naming every identifier when
/// unknown.
Operation parse_operation_or_throw(std::string_view s);

/// A role and a user over one ledger. Cheap to copy; refers to the ledger.
class RoleView {
public:
    /// `user` must not be empty for a collector (their rows are found by it).
    RoleView(const Ledger& ledger, Role role, std::string user);

    Role role() const noexcept { return role_; }
    const std::string& user() const noexcept { return user_; }

    /// Whether the customer row is visible to this view.
    bool sees(std::uint32_t customer) const noexcept;
    /// 1 for every visible customer row.
    std::vector<std::uint8_t> customer_mask() const;
    /// The customer scope a request under this view takes (ReportRequest,
    /// AgendaOptions, AlertOptions::customer_scope): empty when the view sees every
    /// customer (admin, credit manager, read-only), else customer_mask().
    std::vector<std::uint8_t> scope() const;
    /// Whether the role may perform the operation at all.
    static bool allows(Role role, Operation op) noexcept;
    /// Throws Error(Errc::permission) with a message naming the role, the user and the
    /// operation when the role may not perform it.
    void require(Operation op) const;
    /// The same check and message for a role and user without a ledger at hand (e.g. a
    /// report table written to a file by a binding).
    static void require(Role role, const std::string& user, Operation op);
    /// Same, and also that the customer row is visible (a collector acting on another
    /// collector's customer is refused, naming the customer).
    void require(Operation op, std::uint32_t customer) const;

private:
    const Ledger* ledger_;
    Role role_;
    std::string user_;
    StrId user_id_; ///< interned id of user in the ledger (StringPool::npos: nobody's)
};

DSOCORE_END_NAMESPACE

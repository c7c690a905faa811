// The operation identifiers shared by the doors (C ABI dso_role_allows, Java
// DsoCore.roleAllows, Python dsocore.role_allows) and the role rules of risk.md "Roles".
#include <gtest/gtest.h>

#include "dsocore/core/error.hpp"
#include "dsocore/risk/roles.hpp"

using namespace dsocore;

TEST(Roles, EveryOperationNameParsesBackToItself) {
    for (const Operation o : {Operation::read, Operation::assign_scenario, Operation::assign_collector,
                              Operation::assign_group, Operation::assign_custom, Operation::request_limit,
                              Operation::approve_limit, Operation::export_data})
        EXPECT_EQ(parse_operation_or_throw(operation_name(o)), o) << operation_name(o);
    EXPECT_STREQ(operation_name(Operation::assign_scenario), "assign_scenario");
}

TEST(Roles, UnknownOperationNamesEveryIdentifier) {
    try {
        parse_operation_or_throw("approve");
        FAIL() << "no error";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), Errc::invalid_argument);
        const std::string m = e.what();
        EXPECT_NE(m.find("'approve'"), std::string::npos) << m;
        EXPECT_NE(m.find("read, assign_scenario, assign_collector, assign_group, assign_custom, request_limit, "
                         "approve_limit, export_data"),
                  std::string::npos)
            << m;
    }
}

TEST(Roles, CollectorCannotChangeScenariosCollectorsOrGroups) {
    // risk.md: "a collector cannot change scenarios, collectors or groups".
    EXPECT_FALSE(RoleView::allows(Role::collector, Operation::assign_scenario));
    EXPECT_FALSE(RoleView::allows(Role::collector, Operation::assign_collector));
    EXPECT_FALSE(RoleView::allows(Role::collector, Operation::assign_group));
    EXPECT_TRUE(RoleView::allows(Role::collector, Operation::read));
    EXPECT_TRUE(RoleView::allows(Role::credit_manager, Operation::assign_group));
    // Exports under a role are admin-only (docs/decisions.md "Exports and roles").
    EXPECT_FALSE(RoleView::allows(Role::credit_manager, Operation::export_data));
    EXPECT_TRUE(RoleView::allows(Role::admin, Operation::export_data));
}

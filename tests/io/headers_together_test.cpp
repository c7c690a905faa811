// The import headers and the report headers meet in one translation unit: the import
// profile's field type is ProfileFieldType, the filter's is FieldType (they once had the
// same name in dsocore::v1 and could not be included together).
#include <type_traits>

#include <gtest/gtest.h>

#include "dsocore/io/import.hpp"
#include "dsocore/io/profile.hpp"
#include "dsocore/reports/filter.hpp"
#include "dsocore/reports/report.hpp"

using namespace dsocore;

TEST(HeadersTogether, ProfileAndFilterFieldTypesAreDistinct) {
    static_assert(!std::is_same_v<ProfileFieldType, FieldType>);
    // Both usable side by side in one TU.
    const ProfileFieldType p = ProfileFieldType::amount;
    const FieldType f = FieldType::text;
    EXPECT_EQ(p, ProfileFieldType::amount);
    EXPECT_STREQ(to_string(f), "text");
}

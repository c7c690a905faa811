// C ABI — version macros and functions: the header and the loaded library agree.
#include <gtest/gtest.h>

#include <string>

#include "dsocore/core/config.hpp"
#include "dsocore/dsocore.h"

TEST(CapiVersion, HeaderAndLibraryAgree) {
    EXPECT_EQ(dso_version_number(), DSO_VERSION_NUMBER);
    EXPECT_STREQ(dso_version_string(), DSO_VERSION_STRING);
    int ma = -1, mi = -1, pa = -1;
    dso_version(&ma, &mi, &pa);
    EXPECT_EQ(ma, DSO_VERSION_MAJOR);
    EXPECT_EQ(mi, DSO_VERSION_MINOR);
    EXPECT_EQ(pa, DSO_VERSION_PATCH);
    dso_version(nullptr, nullptr, nullptr); // NULL pointers are fine
}

TEST(CapiVersion, NumberIsMajorMinorPatch) {
    EXPECT_EQ(DSO_VERSION_NUMBER, DSO_VERSION_MAJOR * 10000 + DSO_VERSION_MINOR * 100 + DSO_VERSION_PATCH);
    const std::string s = std::to_string(DSO_VERSION_MAJOR) + "." + std::to_string(DSO_VERSION_MINOR) + "." +
                          std::to_string(DSO_VERSION_PATCH);
    EXPECT_EQ(s, DSO_VERSION_STRING);
}

TEST(CapiVersion, SameAsCppLibraryAndProject) {
    EXPECT_EQ(DSO_VERSION_MAJOR, DSOCORE_VERSION_MAJOR);
    EXPECT_EQ(DSO_VERSION_MINOR, DSOCORE_VERSION_MINOR);
    EXPECT_EQ(DSO_VERSION_PATCH, DSOCORE_VERSION_PATCH);
    EXPECT_STREQ(DSO_VERSION_STRING, DSOCORE_PROJECT_VERSION); // CMake project(VERSION)
}

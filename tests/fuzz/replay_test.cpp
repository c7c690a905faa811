// Replays every fuzz target on its committed seed corpus and regression corpus
// (tests/fuzz/corpus/<name>/, tests/fuzz/regressions/<name>/): the findings of past
// fuzzing runs stay fixed in every build, sanitized or not.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "fuzz/fuzz.hpp"

namespace fs = std::filesystem;

namespace {

std::vector<fs::path> inputs(const std::string& target) {
    std::vector<fs::path> out;
    for (const char* kind : {"corpus", "regressions"}) {
        const fs::path dir = fs::path(DSOCORE_FUZZ_DIR) / kind / target;
        std::error_code ec;
        if (!fs::is_directory(dir, ec)) continue;
        for (const auto& e : fs::directory_iterator(dir, ec))
            if (e.is_regular_file()) out.push_back(e.path());
    }
    std::sort(out.begin(), out.end());
    return out;
}

class Replay : public testing::TestWithParam<std::string> {};

TEST_P(Replay, CorpusPasses) {
    const std::string name = GetParam();
    const auto files = inputs(name);
    ASSERT_FALSE(files.empty()) << "no seed corpus for fuzz target " << name << " in tests/fuzz/corpus/" << name;
    for (const auto& f : files) {
        std::ifstream in(f, std::ios::binary);
        std::stringstream ss;
        ss << in.rdbuf();
        const std::string bytes = ss.str();
        try {
            fuzz::registry().at(name)(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
        } catch (const fuzz::Finding& e) {
            ADD_FAILURE() << f << ": " << e.what();
        } catch (const std::exception& e) {
            ADD_FAILURE() << f << ": exception escaped: " << e.what();
        }
    }
}

std::vector<std::string> names() {
    std::vector<std::string> n;
    for (const auto& [k, v] : fuzz::registry()) n.push_back(k);
    return n;
}

INSTANTIATE_TEST_SUITE_P(Fuzz, Replay, testing::ValuesIn(names()),
                         [](const testing::TestParamInfo<std::string>& i) { return i.param; });

} // namespace

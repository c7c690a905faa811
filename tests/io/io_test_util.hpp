// Helpers for the io tests: temporary directories, files, encodings.
#pragma once

#include <unicode/ucnv.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <mutex>
#include <string>
#include <vector>
#include <unistd.h>

#include <gtest/gtest.h>

namespace iotest {

namespace fs = std::filesystem;

/// The directories of temp_dir, removed when the test binary exits (set
/// DSOCORE_KEEP_TEST_FILES to keep them for a look after a failure).
class TempDirs {
public:
    ~TempDirs() {
        if (std::getenv("DSOCORE_KEEP_TEST_FILES")) return;
        std::error_code ec;
        for (const auto& d : dirs_) fs::remove_all(d, ec);
    }
    void add(const fs::path& d) {
        const std::lock_guard<std::mutex> lock(mu_);
        dirs_.push_back(d);
    }

private:
    std::mutex mu_;
    std::vector<fs::path> dirs_;
};

inline fs::path temp_dir(const std::string& name) {
    static std::atomic<int> n{0};
    static TempDirs dirs;
    const fs::path p = fs::temp_directory_path() /
                       ("dsocore_io_" + std::to_string(::getpid()) + "_" + std::to_string(n++) + "_" + name);
    fs::remove_all(p);
    fs::create_directories(p);
    dirs.add(p);
    return p;
}

inline void write(const fs::path& p, const std::string& bytes) {
    std::ofstream f(p, std::ios::binary);
    f << bytes;
}

inline std::string read(const fs::path& p) {
    std::ifstream f(p, std::ios::binary);
    std::stringstream s;
    s << f.rdbuf();
    return s.str();
}

/// UTF-8 → another encoding through ICU (fixtures "as exported by Windows").
inline std::string encode(const std::string& utf8, const char* to) {
    UErrorCode st = U_ZERO_ERROR;
    std::string out(utf8.size() * 4 + 16, '\0');
    const int32_t n = ucnv_convert(to, "UTF-8", out.data(), static_cast<int32_t>(out.size()), utf8.data(),
                                   static_cast<int32_t>(utf8.size()), &st);
    EXPECT_TRUE(U_SUCCESS(st)) << u_errorName(st);
    out.resize(static_cast<std::size_t>(n));
    return out;
}

} // namespace iotest

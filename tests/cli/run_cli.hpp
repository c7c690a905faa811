// Runs the dsocore binary under test (DSOCORE_CLI) with arguments and collects its
// exit status, standard output and standard error. Shared by the tests/cli files.
#pragma once

#include <array>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

namespace cli_test {

struct Result {
    int status; ///< exit status, -1 when killed by a signal
    std::string out;
    std::string err;
};

/// `args` is appended to the binary's path as a shell command line (quote what needs it).
inline Result run(const std::string& args) {
    static std::atomic<unsigned> calls{0};
    const std::filesystem::path err = std::filesystem::temp_directory_path() /
                                      ("dsocore_cli_err_" + std::to_string(::getpid()) + "_" + std::to_string(calls++));
    const std::string cmd = std::string(DSOCORE_CLI) + " " + args + " 2>" + err.string();
    Result r{};
    FILE* p = ::popen(cmd.c_str(), "r");
    if (!p) return Result{-1, "", "popen failed: " + cmd};
    std::array<char, 4096> buf{};
    std::size_t n;
    while ((n = std::fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), n);
    const int st = ::pclose(p);
    r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    std::ifstream e(err);
    r.err.assign(std::istreambuf_iterator<char>(e), {});
    e.close();
    std::filesystem::remove(err);
    return r;
}

} // namespace cli_test

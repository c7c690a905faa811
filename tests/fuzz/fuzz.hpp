// dsocore — the fuzzing framework: one file per target.
//
// A target is tests/fuzz/<name>_fuzz.cpp:
//
//     #include "fuzz/fuzz.hpp"
//     DSOCORE_FUZZ_TARGET(name) {          // const std::uint8_t* data, std::size_t size
//         auto text = fuzz::as_text(data, size);
//         fuzz::expect_error_or_value([&] { /* call the library */ });
//         FUZZ_CHECK(condition, "what went wrong");
//     }
//
// plus an optional seed corpus tests/fuzz/corpus/<name>/ (small files) and a
// regression corpus tests/fuzz/regressions/<name>/ (inputs that once failed).
//
// The same file builds two ways:
//  - in the `fuzz` preset (clang, DSOCORE_FUZZ=ON) it becomes the libFuzzer binary
//    fuzz_<name> (with ASan + UBSan), run by ctest -L fuzz for a bounded time;
//  - in every other build it is linked into the GoogleTest binary fuzz_replay_tests,
//    which runs each target on every file of its seed and regression corpora.
// A FUZZ_CHECK failure aborts under libFuzzer (a finding) and is a test failure in
// the replay. dsocore::Error from the library is the expected answer to bad input;
// any other exception escaping the target is a finding.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>

#include "dsocore/core/error.hpp"

namespace fuzz {

using Body = void (*)(const std::uint8_t*, std::size_t);

/// name → body, for the replay test.
inline std::map<std::string, Body>& registry() {
    static std::map<std::string, Body> r;
    return r;
}
struct Registrar {
    Registrar(const char* name, Body b) { registry()[name] = b; }
};

/// Thrown by FUZZ_CHECK in the replay build (libFuzzer builds abort instead).
struct Finding : std::logic_error {
    using std::logic_error::logic_error;
};

[[noreturn]] inline void fail(const char* file, int line, const std::string& what) {
    const std::string msg = std::string(file) + ":" + std::to_string(line) + ": fuzz check failed: " + what;
#ifdef DSOCORE_LIBFUZZER
    std::fprintf(stderr, "%s\n", msg.c_str());
    std::abort();
#else
    throw Finding(msg);
#endif
}

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}

/// Runs f; a dsocore::Error (bad input rejected) is fine, any other exception is a
/// finding (e.g. a std::out_of_range or nlohmann::json exception leaking out).
template <class F>
bool expect_error_or_value(F&& f) {
    try {
        f();
        return true;
    } catch (const dsocore::Error&) {
        return false;
    } catch (const Finding&) {
        throw;
    } catch (const std::exception& e) {
        fail(__FILE__, __LINE__, std::string("non-dsocore exception escaped: ") + e.what());
    }
}

} // namespace fuzz

#define FUZZ_CHECK(cond, what)                                                  \
    do {                                                                        \
        if (!(cond)) ::fuzz::fail(__FILE__, __LINE__, std::string(#cond) + ": " + (what)); \
    } while (0)

#ifdef DSOCORE_LIBFUZZER
#define DSOCORE_FUZZ_TARGET(name)                                                              \
    static void dsocore_fuzz_body_##name(const std::uint8_t* data, std::size_t size);          \
    extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {        \
        dsocore_fuzz_body_##name(data, size);                                                  \
        return 0;                                                                              \
    }                                                                                          \
    static void dsocore_fuzz_body_##name([[maybe_unused]] const std::uint8_t* data,            \
                                         [[maybe_unused]] std::size_t size)
#else
#define DSOCORE_FUZZ_TARGET(name)                                                              \
    static void dsocore_fuzz_body_##name(const std::uint8_t* data, std::size_t size);          \
    static const ::fuzz::Registrar dsocore_fuzz_registrar_##name(#name, &dsocore_fuzz_body_##name); \
    static void dsocore_fuzz_body_##name([[maybe_unused]] const std::uint8_t* data,            \
                                         [[maybe_unused]] std::size_t size)
#endif

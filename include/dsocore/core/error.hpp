// dsocore — errors: one code enum shared with the C ABI, typed exceptions.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "dsocore/core/config.hpp"

DSOCORE_BEGIN_NAMESPACE

/// Error codes. The numeric values are pinned: the C ABI exposes them as DSO_E*.
enum class Errc : int {
    ok = 0,
    invalid_argument = 1,  ///< bad usage: unknown option, bad value given by the caller
    data = 2,              ///< bad input data (file, line, column named in the message)
    io = 3,                ///< a file could not be read or written
    overflow = 4,          ///< an exact computation does not fit its type
    currency_mismatch = 5, ///< two currencies met without conversion
    missing_rate = 6,      ///< no fx rate on or before a date
    not_found = 7,         ///< an id that does not exist
    permission = 8,        ///< the role of a view does not allow the operation
    internal = 99,         ///< a broken invariant (a bug)
};

const char* errc_name(Errc e) noexcept;

/// The single exception type of dsocore. code() tells the class of error.
class Error : public std::runtime_error {
public:
    Error(Errc code, const std::string& what) : std::runtime_error(what), code_(code) {}
    Errc code() const noexcept { return code_; }

private:
    Errc code_;
};

/// One problem found in an input file.
struct Diagnostic {
    std::string file;    ///< file name relative to the data directory
    std::int64_t line;   ///< physical line, header = 1 (0 when not tied to a line)
    std::string column;  ///< column name ("" when not tied to a column)
    std::string value;   ///< the offending value as read
    std::string message; ///< what was expected

    /// "items.csv:12: column amount: value '10.505': expected ..."
    std::string to_string() const;
};

/// Bad input data: every diagnostic found (up to a limit), the message lists them.
class DataError : public Error {
public:
    explicit DataError(std::vector<Diagnostic> diags, bool truncated = false);
    const std::vector<Diagnostic>& diagnostics() const noexcept { return diags_; }
    bool truncated() const noexcept { return truncated_; }

private:
    std::vector<Diagnostic> diags_;
    bool truncated_;
};

DSOCORE_END_NAMESPACE

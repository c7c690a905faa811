// dsocore — RFC 4180 CSV reading and writing (UTF-8, comma, header row).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "dsocore/core/config.hpp"

DSOCORE_BEGIN_NAMESPACE

/// Reads records from a buffer it owns. Quoted fields are unescaped in place, so a
/// field is a view into the buffer: no allocation per field. A leading UTF-8 BOM is
/// skipped; LF, CRLF and lone CR end a line; blank lines are skipped.
class CsvReader {
public:
    explicit CsvReader(std::string buffer, char separator = ',');

    /// Next record into `fields` (views valid until the reader dies). Returns false at
    /// the end. On a malformed record returns true with error() set; the reader then
    /// resynchronises at the next line.
    bool next(std::vector<std::string_view>& fields);
    /// Physical line (1-based) where the last record began.
    std::int64_t line() const noexcept { return record_line_; }
    /// Raw text of the last record (before unescaping is not kept: the record's span).
    const std::string& error() const noexcept { return error_; }
    bool at_end() const noexcept { return pos_ >= buf_.size(); }

private:
    std::string buf_;
    char sep_;
    std::size_t pos_ = 0;
    std::int64_t line_ = 1;
    std::int64_t record_line_ = 0;
    std::string error_;
};

/// Appends a field, quoted only when it holds the separator, a quote, CR or LF.
void csv_append_field(std::string& out, std::string_view field, char separator = ',');

/// Reads a whole file; throws Error(io) naming the path.
std::string read_file(const std::string& path);
/// Writes a file atomically: a uniquely named temporary file in the same directory,
/// fsync, rename, fsync of the directory. Readers (and a crash at any point) see the
/// previous content or the new one, never a mix; concurrent writers of one path each
/// use their own temporary file, so the last rename wins with one complete version.
void write_file_atomic(const std::string& path, std::string_view content);
/// The same with the content produced in pieces: `produce(write)` calls write(piece) for
/// each piece in order (a large file is never held whole in memory).
void write_file_atomic(const std::string& path,
                       const std::function<void(const std::function<void(std::string_view)>&)>& produce);

/// Offset of the first byte that is not well-formed UTF-8 (RFC 3629: no overlong
/// forms, no surrogates, nothing above U+10FFFF) or is NUL; npos when all is valid.
std::size_t find_invalid_text(std::string_view text, std::size_t from = 0) noexcept;

namespace detail {
/// Test hook: called by write_file_atomic after the temporary file is complete and
/// synced, just before the rename (tests simulate a crash there). nullptr normally.
extern void (*write_atomic_before_rename)(const std::string& temp_path);
} // namespace detail

DSOCORE_END_NAMESPACE

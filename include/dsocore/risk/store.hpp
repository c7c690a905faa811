// dsocore — writing back to a data directory: field-level edits of customers.csv that
// leave every other byte as it was, append-only CSV logs, and a directory lock.
//
// Every write goes through write_file_atomic (temporary file, fsync, rename): a crash
// leaves either the previous file or the new one, never a mix. Multi-file operations
// (a final limit approval writes limit_requests.csv, then customers.csv) are ordered
// so that a crash between the two is detected and completed by the next operation.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "dsocore/ledger/ledger.hpp"

DSOCORE_BEGIN_NAMESPACE

/// An exclusive advisory lock (flock) on `<dir>/.dsocore.lock`, held for the life of
/// the object: read-modify-write operations on one directory do not interleave.
class DataDirLock {
public:
    explicit DataDirLock(const std::filesystem::path& dir);
    ~DataDirLock();
    DataDirLock(const DataDirLock&) = delete;
    DataDirLock& operator=(const DataDirLock&) = delete;

private:
    int fd_ = -1;
};

/// customers.csv as raw text with the byte span of every field. Edits replace single
/// fields; render() returns the text with only those bytes changed. An added column is
/// appended at the end of every record (header: its name; other rows: empty unless set).
class CustomersFile {
public:
    static constexpr std::size_t npos = static_cast<std::size_t>(-1);

    explicit CustomersFile(std::string text);
    static CustomersFile read(const std::filesystem::path& dir);

    const std::string& original() const noexcept { return text_; }
    /// Data records (the header excluded).
    std::size_t rows() const noexcept { return records_ - 1; }
    std::size_t columns() const noexcept { return header_.size() + added_.size(); }
    /// Column index by header name, or npos.
    std::size_t column(std::string_view name) const noexcept;
    /// Data row of (entity, customer_id) (an empty or absent entity is MAIN), or npos.
    std::size_t find(std::string_view entity, std::string_view customer_id) const;

    /// The field as it is in the file (quotes included) / as text (unquoted).
    std::string_view raw(std::size_t row, std::size_t col) const;
    std::string value(std::size_t row, std::size_t col) const;

    /// Sets a field to `raw` bytes (use encode() for a value).
    void set_raw(std::size_t row, std::size_t col, std::string raw);
    void set_value(std::size_t row, std::size_t col, std::string_view v) { set_raw(row, col, encode(v)); }
    /// Appends a column named `name`; returns its index.
    std::size_t add_column(std::string name);
    /// Drops the last column of the file (the inverse of add_column on a written file).
    void remove_last_column();

    /// The edited text.
    std::string render() const;
    /// A value in canonical CSV form: quoted only when it holds a comma, quote, CR or LF.
    static std::string encode(std::string_view value);
    /// Unquotes one raw field.
    static std::string decode(std::string_view raw);

private:
    struct Span {
        std::size_t begin, end;
    };
    const Span& span(std::size_t record, std::size_t col) const { return spans_[offset_[record] + col]; }
    std::size_t fields_in(std::size_t record) const { return offset_[record + 1] - offset_[record]; }

    std::string text_;
    std::vector<std::string> header_;
    std::vector<Span> spans_;          ///< every field of every record, record after record
    std::vector<std::size_t> offset_;  ///< record r has spans [offset_[r], offset_[r+1])
    std::size_t records_ = 0;          ///< header included
    std::vector<std::string> added_;   ///< names of added columns
    bool drop_last_ = false;
    std::vector<std::pair<std::uint64_t, std::string>> edits_; ///< (record << 16 | col) → raw, sorted
};

/// The customer row named `ENTITY:ID`, or `ID` when that id exists in one entity only.
/// Throws Error(not_found) naming the customer, Error(invalid_argument) when an ID
/// without entity exists in several entities (the message lists them).
std::uint32_t resolve_customer(const Ledger& ledger, std::string_view spec);

/// Loads the ledger of `dir` with `customers_text` in place of its customers.csv: the
/// check that an edit leaves a valid directory before it is written.
Ledger load_with_customers(const std::filesystem::path& dir, const std::string& customers_text);

/// Appends rows to an append-only CSV log (`header` when the file is new) and writes it
/// atomically. An existing file must start with exactly that header.
void append_csv_log(const std::filesystem::path& file, const std::vector<std::string>& header,
                    const std::vector<std::vector<std::string>>& rows);
/// Reads a CSV log: rows of fields (the header checked and dropped); none when absent.
std::vector<std::vector<std::string>> read_csv_log(const std::filesystem::path& file,
                                                   const std::vector<std::string>& header);

/// Current UTC time as `YYYY-MM-DDTHH:MM:SSZ`.
std::string utc_timestamp();

/// Test hook: called by multi-file operations between two writes, with the name of
/// the step ("limit.after_log"); a hook that throws simulates a crash there.
using CrashHook = std::function<void(std::string_view step)>;
void set_crash_hook(CrashHook hook);
void crash_point(std::string_view step);

DSOCORE_END_NAMESPACE

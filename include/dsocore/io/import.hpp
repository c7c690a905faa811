// dsocore — importing one source file into a data directory through a profile.
//
// The import reads the file (CSV/TXT in any ICU encoding, XLSX, XLS), maps and cleans
// every row into canonical fields, merges them into the directory's file of that kind
// (update by key, add new; replace_open_items closes the open items missing from the
// file), validates the whole resulting directory with the ledger loader and commits
// all changed files at once, or nothing. Every refused line goes to the reject file.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "dsocore/core/date.hpp"
#include "dsocore/io/profile.hpp"

DSOCORE_BEGIN_NAMESPACE

struct ImportOptions {
    std::filesystem::path data_dir;
    std::string input;
    /// Kind asked by the caller; must agree with the profile's kind when both are given.
    std::optional<ImportKind> kind;
    /// Import date: the date of the allocations that close or settle items.
    Date date;
    bool dry_run = false;
    /// Reject file; empty: `<input>.rejects.csv`.
    std::string rejects_path;
    /// Validate the whole resulting directory with the ledger loader even for items,
    /// whose created/updated rows are otherwise checked directly (the result is the same;
    /// tests compare both, see docs/import.md "Speed").
    bool full_validation = false;
    /// Test hook: fail the commit after this many files were renamed into place (-1: never).
    int fail_after_renames = -1;
};

struct RejectedLine {
    std::int64_t line = 0;
    std::string raw;
    std::vector<std::string> reasons;
};

struct ImportResult {
    std::size_t created = 0, updated = 0, unchanged = 0, closed = 0, rejected = 0;
    /// True when the data directory took the import (or would, in a dry run).
    bool applied = false;
    std::string encoding;  ///< encoding used to read a text file
    char separator = 0;    ///< separator used for a text file
    std::vector<RejectedLine> rejects;
    std::vector<std::string> changes;       ///< one line per created/updated/closed row (first 1000)
    std::size_t changes_omitted = 0;        ///< changes beyond the first 1000
    /// CPU time of each stage in seconds (read, load, merge and validate, …).
    std::vector<std::pair<std::string, double>> timings;
    std::vector<std::string> files_written; ///< data files replaced (none in a dry run)
    std::string rejects_file;
    std::string failure; ///< why nothing was applied
    /// "created N, updated N, unchanged N, closed N, rejected N"
    std::string summary() const;
};

/// Runs one import. Throws Error/DataError when the file or the profile cannot be used
/// at all (nothing applied); bad lines are results, not exceptions.
ImportResult import_file(const ImportProfile& profile, const ImportOptions& options);

/// Finishes (rolls forward) an import whose commit was interrupted by a crash after
/// its commit point, or discards one interrupted before it. Called by import_file.
void recover_interrupted_import(const std::filesystem::path& data_dir);

/// Name of the staging directory inside a data directory.
inline constexpr const char* kImportStagingDir = ".dsocore-import";

DSOCORE_END_NAMESPACE

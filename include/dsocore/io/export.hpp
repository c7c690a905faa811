// dsocore — exporting a data directory to CSV files or one XLSX workbook.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "dsocore/core/date.hpp"
#include "dsocore/ledger/ledger.hpp"
#include "dsocore/reports/table.hpp"
#include "dsocore/risk/roles.hpp"

DSOCORE_BEGIN_NAMESPACE

struct ExportOptions {
    /// "csv": `output` is a directory with one file per data file; "xlsx": one workbook
    /// with one sheet per data file.
    std::string format = "csv";
    /// Only the canonical columns (the data directory exactly as Ledger::save writes it).
    bool canonical = false;
    /// Date of the base-currency conversion of open amounts and credit limits
    /// (default: the latest date in the data).
    std::optional<Date> as_of;
    /// The role-scoped view the caller acts through, if any (not owned). Exports under
    /// a view are admin-only: any other role is refused with Error(Errc::permission)
    /// before anything is read or written. Null: no view, no role check (the library
    /// does not authenticate people; docs/decisions.md, "Exports and roles").
    const RoleView* view = nullptr;
};

/// Throws Error(Errc::permission) naming the role and the user when `view` is set and
/// its role is not admin; does nothing without a view.
void require_export_allowed(const RoleView* view);
/// The same for a role and user without a view (a binding writing a report table, which
/// has no ledger at hand).
void require_export_allowed(Role role, const std::string& user);

/// One exported table: the canonical columns of a data file, then the enriched ones.
struct ExportTable {
    std::string name;                  ///< "items"
    std::vector<std::string> header;
    std::vector<std::string> cells;    ///< rows × header.size()
    std::size_t rows() const { return header.empty() ? 0 : cells.size() / header.size(); }
};

/// The tables of a ledger with enriched columns: `*_key` (ENTITY:ID, as the CLI's
/// --customer takes them) and amounts in the base currency (`*_base`, converted
/// half-even: amount at the issue date, open_amount and credit_limit at the as-of
/// date, an allocation at its date). Refused like export_data under a non-admin view.
std::vector<ExportTable> export_tables(const Ledger& ledger, const ExportOptions& options);

/// Writes the export; throws Error(io) naming the path, Error(permission) under a
/// non-admin view (nothing written).
void export_data(const Ledger& ledger, const std::filesystem::path& output, const ExportOptions& options);

/// Writes a report table to a file as "csv", "json" or "xlsx" (the formats of
/// `dsocore report --output`), after require_export_allowed(view). Throws
/// Error(invalid_argument) for another format, Error(io) when it cannot write.
void export_report(const Table& table, const std::filesystem::path& output, std::string_view format,
                   const RoleView* view = nullptr);

/// Writes tables as one workbook, one sheet each, through write_xlsx (dsocore/io/
/// xlsx.hpp, the one XLSX writer): amounts as numbers (each with its own digits),
/// dates as dates, identifiers and other text as text.
void write_tables_xlsx(const std::vector<ExportTable>& tables, const std::string& path);

DSOCORE_END_NAMESPACE

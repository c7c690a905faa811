// dsocore — XLSX output of any report table (libxlsxwriter).
#pragma once

#include <string>
#include <vector>

#include "dsocore/reports/table.hpp"

DSOCORE_BEGIN_NAMESPACE

/// Writes `t` as a one-sheet workbook (sheet named after the report):
/// - a bold header row of the column names, frozen (panes split under it);
/// - decimal columns as numeric cells with a number format of exactly the column's
///   decimals ("0.00" for EUR amounts, "0" for JPY, "0.0" for percentages and days;
///   a row printed with fewer digits (Column::row_scale) gets a format of its own);
///   integers as numeric cells ("0"); dates as date cells ("yyyy-mm-dd"); booleans
///   as boolean cells; text always as a string cell, never a formula (=, +, -, @
///   included); an empty field as an empty cell.
/// - a figure with more than 15 significant digits (beyond what a spreadsheet number
///   holds exactly) and a date before 1900-03-01 (outside the spreadsheet date
///   system) are written as their exact text instead.
/// Throws Error(invalid_argument) for a table a spreadsheet cannot hold (more than
/// 1,048,575 rows, 16,384 columns or a text over 32,767 characters), Error(io) when
/// the file cannot be written. Nothing is left at `path` on failure.
void write_xlsx(const Table& t, const std::string& path);

/// Several tables as one workbook, one sheet each (named after each table's `report`,
/// made unique), with the same cell rules and limits; all sheets are checked before
/// anything is written. Used by the data-directory export (dsocore/io/export.hpp).
void write_xlsx_sheets(const std::vector<const Table*>& sheets, const std::string& path);

DSOCORE_END_NAMESPACE

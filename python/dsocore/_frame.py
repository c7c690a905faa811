"""Decoding of a report table into a pandas DataFrame, column by column.

The compiled module hands over one payload per column: numpy arrays (decimal: int64 units
+ scale and, where rows print fewer digits, int8 digits; date: int32 day numbers;
integer: int64; boolean: bool; null flags: bool), and for texts the str objects. The
objects pandas holds are then built by ``_core.decimal_objects`` / ``_core.date_objects``:
one ``decimal.Decimal`` (from the exact text, scale kept) or ``datetime.date`` per
distinct value, shared by the rows that hold it. ``cell_values`` is the plain cell-by-cell path (the printed text of every
cell, parsed in Python); the tests check that both give the same values.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd

from . import _core
from ._plot import ReportPlot


def column_values(kind: str, data: Any, n: int, nulls: Any, scale: int = 0, digits: Any = None) -> Any:
    """The values of one column of n rows (a payload of ``_core.Table.columns()``: data,
    null flags, decimal scale and digits), ready for a DataFrame."""
    if kind == "decimal":
        return _core.decimal_objects(data, scale, digits, nulls)
    if kind == "text":
        return data
    if kind == "date":
        return _core.date_objects(data, nulls)
    if kind == "integer":
        return data if nulls is None else pd.arrays.IntegerArray(data, nulls)
    if kind == "boolean":
        return data if nulls is None else pd.arrays.BooleanArray(data, nulls)
    raise _core.InternalError(f"unknown column type {kind!r}")


def _cell_value(kind: str, text: str, null: bool) -> Any:
    if null:
        return None
    if kind == "decimal":
        return Decimal(text)
    if kind == "date":
        return datetime.date.fromisoformat(text)
    if kind == "integer":
        return int(text)
    if kind == "boolean":
        return text == "true"
    return text


def cell_values(table: Any) -> dict[str, list[Any]]:
    """Every column as a list of Python values, read cell by cell from the printed text
    and the null flags (slow; the reference the fast hand-over is checked against)."""
    out: dict[str, list[Any]] = {}
    for col, (name, kind, _scale, _data, nulls, _digits) in enumerate(table.columns()):
        out[name] = [_cell_value(kind, table.cell_text(row, col), nulls is not None and bool(nulls[row]))
                     for row in range(table.row_count)]
    return out


class ReportFrame(pd.DataFrame):
    """A pandas DataFrame holding one report, with the report's name, as-of date and
    base currency, an HTML view for notebooks and a ``plot()`` suited to the report."""

    _metadata = ["report", "as_of", "base_currency", "column_types"]
    report: str | None = None
    as_of: datetime.date | None = None
    base_currency: str | None = None
    column_types: dict[str, str] | None = None  # column -> "text", "decimal(2)", "date" ...
    _dsocore_table: Any = None  # the engine's table, on a result as returned only

    def write(self, path: str, format: str | None = None, *, role: str | None = None,
              user: str | None = None) -> None:
        """Writes this result with the engine's writers, as ``--format csv|json|xlsx
        --output path`` would (format from the extension by default): exact decimals, xlsx
        number formats per column. Only on a result as returned by dsocore; a frame derived
        from it with pandas is written with pandas (``to_csv``, ``to_excel``). ``role``/``user``
        write under a role-scoped view (``report --output`` with ``--role``): only ``admin``
        may; another role raises AccessError and nothing is written."""
        import os
        table = self.__dict__.get("_dsocore_table")
        if table is None:
            raise _core.UsageError("write: this frame is not a dsocore result as returned (it was derived with "
                                   "pandas); use pandas' to_csv / to_excel")
        fmt = format or {".json": "json", ".xlsx": "xlsx"}.get(os.path.splitext(os.fspath(path))[1].lower(), "csv")
        table.write(os.fspath(path), fmt, role, user or "")

    @property
    def _constructor(self) -> type:
        return ReportFrame

    @property
    def plot(self) -> ReportPlot:  # type: ignore[override]
        """``frame.plot()`` draws the report's picture; ``frame.plot.bar(...)`` etc. are pandas'."""
        return ReportPlot(self)

    def _repr_html_(self) -> str | None:
        title = " · ".join(
            str(x) for x in (self.report, self.as_of and f"as of {self.as_of}", self.base_currency) if x)
        body = pd.DataFrame._repr_html_(self)
        if not title or body is None:
            return body
        return f'<div class="dsocore-report"><p><b>{title}</b></p>{body}</div>'


def to_frame(table: Any) -> ReportFrame:
    """Builds a ReportFrame from a ``_core.Table`` (column by column)."""
    data: dict[str, Any] = {}
    types: dict[str, str] = {}
    for name, kind, scale, values, nulls, digits in table.columns():
        data[name] = column_values(kind, values, table.row_count, nulls, scale, digits)
        types[name] = kind if kind != "decimal" else f"decimal({scale})"
    frame = ReportFrame(data, copy=False)
    object.__setattr__(frame, "report", table.report)
    object.__setattr__(frame, "as_of", datetime.date.fromisoformat(table.as_of))
    object.__setattr__(frame, "base_currency", table.base_currency)
    object.__setattr__(frame, "column_types", types)
    object.__setattr__(frame, "_dsocore_table", table)
    return frame

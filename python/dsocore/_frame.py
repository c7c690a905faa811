"""Decoding of a report table into a pandas DataFrame, column by column.

The compiled module hands over one payload per column (a numpy array, or for texts and
decimals the distinct values as one joined str plus int32 codes); this module builds one
Python object per distinct value and numpy's take() spreads them over the rows: ``decimal.Decimal`` from the exact decimal
text, ``datetime.date`` from day numbers through numpy's datetime64[D] (calendar
arithmetic, no time zone), and nullable integer/boolean columns.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd

from . import _core
from ._plot import ReportPlot


def _decimal_column(payload: Any, n: int) -> np.ndarray:
    distinct, codes = payload  # distinct values + codes, or every value and codes None
    if n == 0:
        return np.empty(0, dtype=object)
    parts = distinct.split("\n")
    if codes is None and "" not in parts:
        return np.fromiter(map(Decimal, parts), dtype=object, count=n)
    values = np.fromiter((Decimal(p) if p else None for p in parts), dtype=object, count=len(parts))
    return values if codes is None else values.take(codes)


def _text_column(payload: Any, n: int, nulls: Any) -> np.ndarray:
    distinct, codes = payload
    if n == 0:
        return np.empty(0, dtype=object)
    if isinstance(distinct, str):
        parts = distinct.split("\0")
    else:  # (bytes, offsets): a value holds a NUL character
        blob, offsets = distinct
        off = offsets.tolist()
        parts = [blob[off[i]:off[i + 1]].decode("utf-8") for i in range(len(off) - 1)]
    values = np.fromiter(parts, dtype=object, count=len(parts))
    if codes is not None:
        values = values.take(codes)
    if nulls is not None:
        values[nulls] = None
    return values


def _date_column(days: np.ndarray, nulls: Any) -> np.ndarray:
    values = days.astype("datetime64[D]").astype(object)  # datetime.date objects
    if nulls is not None:
        values[nulls] = None
    return values


def column_values(kind: str, payload: Any, n: int, nulls: Any) -> Any:
    """The values of one column, ready for a DataFrame."""
    if kind == "decimal":
        return _decimal_column(payload, n)
    if kind == "text":
        return _text_column(payload, n, nulls)
    if kind == "date":
        return _date_column(payload, nulls)
    if kind == "integer":
        return payload if nulls is None else pd.arrays.IntegerArray(payload, nulls)
    if kind == "boolean":
        return payload if nulls is None else pd.arrays.BooleanArray(payload, nulls)
    raise _core.InternalError(f"unknown column type {kind!r}")


class ReportFrame(pd.DataFrame):
    """A pandas DataFrame holding one report, with the report's name, as-of date and
    base currency, an HTML view for notebooks and a ``plot()`` suited to the report."""

    _metadata = ["report", "as_of", "base_currency", "column_types"]
    report: str | None = None
    as_of: datetime.date | None = None
    base_currency: str | None = None
    column_types: dict[str, str] | None = None  # column -> "text", "decimal(2)", "date" ...

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
    n = table.row_count
    data: dict[str, Any] = {}
    types: dict[str, str] = {}
    for name, kind, scale, payload, nulls in table.columns():
        data[name] = column_values(kind, payload, n, nulls)
        types[name] = kind if kind != "decimal" else f"decimal({scale})"
    frame = ReportFrame(data, copy=False)
    object.__setattr__(frame, "report", table.report)
    object.__setattr__(frame, "as_of", datetime.date.fromisoformat(table.as_of))
    object.__setattr__(frame, "base_currency", table.base_currency)
    object.__setattr__(frame, "column_types", types)
    return frame

"""``ReportFrame.plot()``: one generic picture for any report, from its column types.

- a report with a date column (a trend: overdue_trend, a DSO series ...) draws one line
  per numeric column over the dates;
- a report with a ``period_start`` column (cash_forecast, schedule) draws bars per period;
- otherwise the text key columns label the rows and the amount columns are drawn as
  stacked horizontal bars (aging: one bar per customer, one colour per bucket), or as
  plain bars for a single row (a total).
Totals (``total``, ``overdue``) are left out when the parts are there. Reports added later
get a picture without a change here. ``frame.plot.bar(...)`` etc. stay pandas' own.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pandas as pd

_TOTALS = {"total", "overdue"}


def _numeric(frame: pd.DataFrame, names: list[str]) -> pd.DataFrame:
    out = {}
    for n in names:
        col = frame[n]
        out[n] = [float(v) if isinstance(v, Decimal) else (float("nan") if v is None or v is pd.NA else float(v))
                  for v in col]  # plotting only: amounts stay Decimal in the frame
    return pd.DataFrame(out, index=frame.index)


class ReportPlot:
    def __init__(self, frame: Any) -> None:
        self._frame = frame

    def __getattr__(self, name: str) -> Any:
        return getattr(pd.plotting.PlotAccessor(self._frame), name)

    def __call__(self, kind: str | None = None, *, top: int = 20, ax: Any = None, **kwargs: Any) -> Any:
        """Draws the report (matplotlib); returns the Axes. ``kind`` given: pandas' plot."""
        frame = self._frame
        if kind is not None:
            return pd.plotting.PlotAccessor(frame)(kind=kind, ax=ax, **kwargs)
        types: dict[str, str] = frame.column_types or {}
        numeric = [c for c in frame.columns if types.get(c, "").startswith(("decimal", "integer"))]
        dates = [c for c in frame.columns if types.get(c) == "date"]
        keys = [c for c in frame.columns if types.get(c) == "text"]
        amounts = [c for c in numeric if types.get(c, "").startswith("decimal")]
        parts = [c for c in amounts if c not in _TOTALS] or amounts
        title = " · ".join(str(x) for x in (frame.report, frame.as_of and f"as of {frame.as_of}",
                                             frame.base_currency) if x)
        if not numeric:
            raise ValueError(f"report {frame.report!r} has no numeric column to plot")
        if "period_start" in frame.columns or (dates and not keys):
            xcol = "period_start" if "period_start" in frame.columns else dates[0]
            label = frame[xcol].astype(str)
            data = _numeric(frame, [c for c in numeric if c != xcol][:1] if "period_start" in frame.columns
                            else [c for c in numeric if not c.endswith("_pct")] or numeric)
            data.index = label
            if "period_start" in frame.columns:
                return data.plot(kind="bar", ax=ax, title=title, **kwargs)
            return data.plot(kind="line", marker="o", ax=ax, title=title, **kwargs)
        if keys:
            label = frame[keys].astype(str).agg(" ".join, axis=1)
        else:
            label = frame.index.astype(str)
        data = _numeric(frame, parts)
        data.index = label
        if len(data) == 1:
            return data.iloc[0].plot(kind="bar", ax=ax, title=title, **kwargs)
        order = data.abs().sum(axis=1).sort_values(ascending=False).index[:top]
        data = data.loc[order].iloc[::-1]
        stacked = len(parts) > 1 and parts != amounts  # the parts of a total (aging buckets)
        return data.plot(kind="barh", stacked=stacked, ax=ax, title=title, **kwargs)

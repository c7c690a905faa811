"""The public Ledger: load a data directory or DataFrames, run reports as DataFrames."""

from __future__ import annotations

import csv
import datetime
import io
import json
import math
import os
from decimal import Decimal
from typing import Any, Callable, Iterable, Mapping

import pandas as pd

from . import _core
from ._frame import ReportFrame, to_frame



def _date_text(value: Any, what: str) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    raise _core.UsageError(f"{what} {value!r}: expected a date (datetime.date or 'YYYY-MM-DD')")


def _option_text(name: str, value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return ",".join(_option_text(name, v) for v in value)
    if isinstance(value, (datetime.date, pd.Timestamp)):
        return _date_text(value, name)
    if isinstance(value, float):
        raise _core.UsageError(f"option {name}={value!r}: give an int, a Decimal or a str, not a float")
    return str(value)


def _cell_text(value: Any) -> str:
    """Canonical CSV text of one DataFrame cell (data-format.md)."""
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, (pd.Timestamp, datetime.datetime)):
        if value.hour or value.minute or value.second or value.microsecond:
            raise _core.UsageError(f"{value!r}: expected a date without a time of day")
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        if value.is_integer():
            return str(int(value))
        # The shortest text that reads back as this float: what the user typed (10.1 ->
        # "10.1"); the loader then checks the digits against the currency's minor units.
        return format(Decimal(repr(value)), "f")
    if hasattr(value, "item"):  # numpy scalars
        return _cell_text(value.item())
    return str(value)


def frame_to_csv(frame: pd.DataFrame) -> str:
    """Canonical CSV text of a DataFrame: header of its column names, LF, minimal quoting."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    w.writerow([str(c) for c in frame.columns])
    columns = [frame[c].tolist() for c in frame.columns]
    for row in zip(*columns):
        w.writerow([_cell_text(v) for v in row])
    return out.getvalue()


class Ledger:
    """A loaded, validated data directory (immutable; safe to share between threads).

    Every report of the engine is available as ``ledger.report(name, as_of, ...)`` and as
    a method of the same name (``ledger.aging(...)``, ``ledger.cash_forecast(...)``).
    """

    def __init__(self, core: Any) -> None:
        self._core = core

    @classmethod
    def load(cls, directory: str | os.PathLike[str], *, templates: bool = False) -> "Ledger":
        """Loads and validates a data directory; raises DataError listing every problem."""
        return cls(_core.load(os.fspath(directory), templates))

    @classmethod
    def from_frames(
        cls,
        customers: pd.DataFrame,
        items: pd.DataFrame,
        allocations: pd.DataFrame | None = None,
        *,
        disputes: pd.DataFrame | None = None,
        actions: pd.DataFrame | None = None,
        fx: pd.DataFrame | None = None,
        company: Mapping[str, Any] | str | None = None,
        scenarios: Mapping[str, Any] | str | None = None,
    ) -> "Ledger":
        """Builds a ledger from DataFrames whose columns are the data-format.md columns.

        The frames are written as canonical CSV text and go through the same loader as a
        directory: same validation, same error messages (file names are the canonical
        ones, e.g. ``items.csv:12``). Amounts may be Decimal, int or str; dates
        datetime.date, Timestamp or 'YYYY-MM-DD'.
        """
        sources: dict[str, str] = {}
        for name, frame in (("customers.csv", customers), ("items.csv", items), ("allocations.csv", allocations),
                            ("disputes.csv", disputes), ("actions.csv", actions), ("fx.csv", fx)):
            if frame is None:
                continue
            if not isinstance(frame, pd.DataFrame):
                raise _core.UsageError(f"{name}: expected a pandas DataFrame, got {type(frame).__name__}")
            sources[name] = frame_to_csv(frame)
        for name, value in (("company.json", company), ("scenarios.json", scenarios)):
            if value is not None:
                sources[name] = value if isinstance(value, str) else json.dumps(value)
        return cls(_core.load_sources(sources))

    @property
    def customer_count(self) -> int:
        return self._core.customer_count

    @property
    def item_count(self) -> int:
        return self._core.item_count

    @property
    def directory(self) -> str:
        """The directory it was loaded from ('' for from_frames)."""
        return self._core.directory

    def report(self, name: str, as_of: str | datetime.date, *, base_currency: str | None = None,
               by: str | None = None, where: str | None = None, options: Mapping[str, Any] | None = None,
               **kwargs: Any) -> ReportFrame:
        """Runs a report (reports.md) and returns it as a DataFrame.

        Report options are keyword arguments: ``buckets=[30, 60, 90]``, ``method="standard"``;
        underscores become hyphens (``cei_sales="monthly"`` is ``--cei-sales monthly``).
        ``options={...}`` passes names as they are.
        """
        opts: dict[str, str] = {}
        for key, value in kwargs.items():
            opts[key.replace("_", "-")] = _option_text(key, value)
        for key, value in (options or {}).items():
            opts[key] = _option_text(key, value)
        table = self._core.report(name, _date_text(as_of, "as_of"), base_currency, by or "", where or "", opts)
        return to_frame(table)

    def aging(self, as_of: str | datetime.date, *, buckets: Iterable[int] | str | None = None,
              by: str | None = None, **kwargs: Any) -> ReportFrame:
        """Balance by days past due (reports.md, aging)."""
        if buckets is not None:
            kwargs["buckets"] = buckets if isinstance(buckets, str) else list(buckets)
        return self.report("aging", as_of, by=by, **kwargs)

    def dso(self, as_of: str | datetime.date, *, method: str | None = None, period: int | None = None,
            by: str | None = None, **kwargs: Any) -> ReportFrame:
        """Days sales outstanding: countback (default), standard or average (reports.md, dso)."""
        if method is not None:
            kwargs["method"] = method
        if period is not None:
            kwargs["period"] = period
        return self.report("dso", as_of, by=by, **kwargs)

    def agenda(self, as_of: str | datetime.date, *, horizon: int = 14,
               base_currency: str | None = None) -> ReportFrame:
        """The day's collection agenda (collection.md): what to send or do, per payer."""
        return to_frame(self._core.agenda(_date_text(as_of, "as_of"), horizon, base_currency))

    def alerts(self, as_of: str | datetime.date, *, base_currency: str | None = None, not_dunned_days: int = 15,
               declaration_days: int = 15, rules: Iterable[str] | None = None) -> ReportFrame:
        """The alert rules that match at as_of (collection.md), one row per match."""
        return to_frame(self._core.alerts(_date_text(as_of, "as_of"), base_currency, not_dunned_days,
                                          declaration_days, list(rules or [])))

    def __getattr__(self, name: str) -> Callable[..., ReportFrame]:
        # Every report of the engine as a method: ledger.cash_forecast(as_of, ...).
        if not name.startswith("_") and name in report_names():
            def run(as_of: str | datetime.date, **kwargs: Any) -> ReportFrame:
                return self.report(name, as_of, **kwargs)
            run.__name__ = name
            run.__doc__ = report_names()[name]
            return run
        raise AttributeError(f"'Ledger' object has no attribute {name!r}")

    def __dir__(self) -> list[str]:
        return sorted(set(super().__dir__()) | set(report_names()))

    def export(self, directory: str | os.PathLike[str]) -> None:
        """Writes the data directory back in canonical form (data-format.md)."""
        self._core.export(os.fspath(directory))

    def file_text(self, file: str) -> str:
        """Canonical text of one file of the directory ('items.csv' ...)."""
        return self._core.file_text(file)

    def __repr__(self) -> str:
        where = f" from {self.directory}" if self.directory else ""
        return f"<dsocore.Ledger {self.customer_count} customers, {self.item_count} items{where}>"


def report_names() -> dict[str, str]:
    """Every report the engine knows: name -> one-line summary, in the order of reports.md."""
    return dict(_core.report_names())


def load(directory: str | os.PathLike[str], *, templates: bool = False) -> Ledger:
    """Loads and validates a data directory (``dsocore.load("examples/data")``)."""
    return Ledger.load(directory, templates=templates)

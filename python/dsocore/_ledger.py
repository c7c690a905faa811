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
from ._results import AssignResult, ImportResult, LimitRequest, RecordedAction, RenderedMessage, UndoResult


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


def _opt_date(value: Any, what: str) -> str | None:
    return None if value is None else _date_text(value, what)


def _amount_text(value: Any, what: str) -> str:
    if isinstance(value, bool) or isinstance(value, float):
        raise _core.UsageError(f"{what} {value!r}: give a Decimal, an int or a str, not a float")
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def _ids(items: Iterable[str] | str | None) -> list[str]:
    if items is None:
        return []
    if isinstance(items, str):
        return items.replace(",", " ").split()
    return [str(i) for i in items]


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

    def __init__(self, core: Any, templates: bool = False) -> None:
        self._core = core
        self._templates = templates

    @classmethod
    def load(cls, directory: str | os.PathLike[str], *, templates: bool = False) -> "Ledger":
        """Loads and validates a data directory, or opens a snapshot file (``.dsoc``, see
        ``save_snapshot``); raises DataError listing every problem. ``templates=True`` also
        reads and checks the message templates (needed by ``render``)."""
        return cls(_core.load(os.fspath(directory), templates), templates)

    def reload(self) -> "Ledger":
        """The data directory as it is now (after ``act``, ``import_file``, ``assign`` …): a
        new Ledger; this one does not change."""
        if not self.directory:
            raise _core.UsageError("reload: this ledger was built from DataFrames; it has no directory")
        return Ledger.load(self.directory, templates=self._templates)

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
               role: str | None = None, user: str | None = None, **kwargs: Any) -> ReportFrame:
        """Runs a report (reports.md) and returns it as a DataFrame.

        Report options are keyword arguments: ``buckets=[30, 60, 90]``, ``method="standard"``;
        underscores become hyphens (``cei_sales="monthly"`` is ``--cei-sales monthly``).
        ``options={...}`` passes names as they are. ``role``/``user`` give a role-scoped
        view (risk.md, roles): a collector's report covers their customers only.
        """
        opts: dict[str, str] = {}
        for key, value in kwargs.items():
            opts[key.replace("_", "-")] = _option_text(key, value)
        for key, value in (options or {}).items():
            opts[key] = _option_text(key, value)
        table = self._core.report(name, _date_text(as_of, "as_of"), base_currency, by or "", where or "", opts,
                                  role, user or "")
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

    def agenda(self, as_of: str | datetime.date, *, horizon: int = 14, base_currency: str | None = None,
               role: str | None = None, user: str | None = None) -> ReportFrame:
        """The day's collection agenda (collection.md): what to send or do, per payer.
        Under a role (``role="collector", user="alice"``) only the rows of the payers
        the view sees."""
        return to_frame(self._core.agenda(_date_text(as_of, "as_of"), horizon, base_currency, role, user or ""))

    def alerts(self, as_of: str | datetime.date, *, base_currency: str | None = None, not_dunned_days: int = 15,
               declaration_days: int = 15, rules: Iterable[str] | None = None, role: str | None = None,
               user: str | None = None) -> ReportFrame:
        """The alert rules that match at as_of (collection.md), one row per match; under a
        role, only the customers the view sees."""
        return to_frame(self._core.alerts(_date_text(as_of, "as_of"), base_currency, not_dunned_days,
                                          declaration_days, list(rules or []), role, user or ""))

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

    def export(self, path: str | os.PathLike[str], *, format: str = "csv", canonical: bool = True,
               as_of: str | datetime.date | None = None, role: str | None = None, user: str | None = None) -> None:
        """Writes the data out. By default the data directory in canonical form (data-format.md,
        byte-identical to a canonical input). ``canonical=False`` adds the enriched columns
        of ``dsocore export`` (``*_key``, amounts in the base currency at ``as_of``, default
        the latest date in the data); ``format="xlsx"`` writes one workbook (one sheet per
        file) at ``path`` instead of a directory. ``role``/``user`` export under a role-scoped
        view: only ``admin`` may (docs/decisions.md, "Exports and roles"); another role raises
        AccessError and nothing is written."""
        if format == "csv" and canonical and as_of is None and role is None and not user:
            self._core.export(os.fspath(path))
        else:
            self._core.export_data(os.fspath(path), format, canonical, _opt_date(as_of, "as_of"), role, user or "")

    def save_snapshot(self, file: str | os.PathLike[str]) -> None:
        """Writes the loaded ledger as a binary snapshot (``.dsoc``) that ``dsocore.load``
        opens without parsing CSV (the same data, already validated)."""
        self._core.save_snapshot(os.fspath(file))

    # --- collection: messages and actions -------------------------------------------

    def render(self, as_of: str | datetime.date, customer: str, step: str, *,
               scenario: str | None = None) -> RenderedMessage:
        """Renders the message of a payer's pending agenda step (as ``dsocore render``):
        ``customer`` is ``"ENTITY:ID"`` or an ID unique across entities. Needs a ledger
        loaded with ``templates=True``. ``str(message)`` is the CLI's text."""
        return RenderedMessage._from_core(self._core.render(_date_text(as_of, "as_of"), customer, step, scenario or ""))

    def act(self, as_of: str | datetime.date, customer: str, step: str | None = None, *,
            scenario: str | None = None, channel: str | None = None, items: Iterable[str] | str | None = None,
            user: str | None = None, outcome: str | None = None, comment: str | None = None) -> RecordedAction:
        """Records a done action in the data directory's actions.csv (as ``dsocore act``):
        a scenario ``step`` pending for the payer (its items move to their next step), or
        with only a ``channel`` an action out of scenario. Reads the directory afresh and
        appends atomically; this Ledger does not change (``reload()`` shows the action)."""
        return RecordedAction(**self._core.act(_date_text(as_of, "as_of"), customer, step or "", scenario or "",
                                               channel, _ids(items), user or "", outcome or "", comment or ""))

    def ignore(self, as_of: str | datetime.date, customer: str, items: Iterable[str] | str) -> int:
        """Marks the customer's items ``ignored`` in items.csv (``dsocore act --ignore``);
        returns how many changed (already ignored ones stay as they are)."""
        return self._core.ignore(_date_text(as_of, "as_of"), customer, _ids(items))

    # --- import ---------------------------------------------------------------------

    def import_file(self, input: str | os.PathLike[str], profile: Any, **kwargs: Any) -> ImportResult:
        """``dsocore.import_file`` into this ledger's directory (see there)."""
        if not self.directory:
            raise _core.UsageError("import_file: this ledger has no data directory")
        return import_file(self.directory, input, profile, **kwargs)

    # --- risk: search, assign, limits ---------------------------------------------------

    def search(self, as_of: str | datetime.date, where: str | None = None, *, base_currency: str | None = None,
               role: str | None = None, user: str | None = None) -> ReportFrame:
        """Customers matching a ``--where`` expression over customer, item and report fields
        (risk.md, search & assign), with outstanding and overdue in the base currency."""
        return to_frame(self._core.search(_date_text(as_of, "as_of"), where or "", base_currency, role, user or ""))

    def assign(self, as_of: str | datetime.date, where: str, *, field: str, value: str, dry_run: bool = False,
               base_currency: str | None = None, role: str | None = None, user: str | None = None) -> AssignResult:
        """Sets ``field`` (scenario, collector, group_code, custom_N) to ``value`` on every
        customer the search finds, in customers.csv, journaled for ``undo_assign``."""
        return AssignResult._from_core(_core.assign(self._dir("assign"), _date_text(as_of, "as_of"), where, field,
                                                    value, dry_run, base_currency, role, user or ""))

    def undo_assign(self, *, role: str | None = None, user: str | None = None) -> UndoResult:
        """Undoes the latest assignment not undone yet (refused if its fields changed since)."""
        return UndoResult(**_core.undo_assign(self._dir("undo_assign"), role, user or ""))

    def limit_request(self, customer: str, amount: Decimal | int | str, *, role: str, user: str,
                      comment: str | None = None, as_of: str | datetime.date | None = None) -> LimitRequest:
        """Opens a credit-limit request (amount in the customer's credit_limit_currency)."""
        return LimitRequest(**_core.limit_request(self._dir("limit_request"), customer, _amount_text(amount, "amount"),
                                                  role, user, comment or "", _opt_date(as_of, "as_of")))

    def limit_approve(self, customer: str | None = None, *, request: int | None = None, role: str, user: str,
                      comment: str | None = None) -> LimitRequest:
        """Approves the next level of the customer's pending request (or of ``request``);
        the last level writes the new credit_limit to customers.csv."""
        return LimitRequest(**_core.limit_decide(self._dir("limit_approve"), True, customer or "", request, role, user,
                                                 comment or ""))

    def limit_reject(self, customer: str | None = None, *, request: int | None = None, role: str, user: str,
                     comment: str | None = None) -> LimitRequest:
        """Rejects the pending level: the request ends, the limit stays."""
        return LimitRequest(**_core.limit_decide(self._dir("limit_reject"), False, customer or "", request, role, user,
                                                 comment or ""))

    def limit_history(self, *, customer: str | None = None, request: int | None = None, role: str | None = None,
                      user: str | None = None) -> ReportFrame:
        """Every event of the limit requests (request, approve, reject, applied)."""
        return to_frame(_core.limit_history(self._dir("limit_history"), role, user or "", customer or "", request))

    def view(self, role: str, user: str | None = None) -> "RoleView":
        """A role-scoped view (risk.md, roles): reports, search, assign and limits as
        ``role``/``user``; a collector sees only their customers."""
        return RoleView(self, role, user)

    def _dir(self, operation: str) -> str:
        d = self.directory
        if not d or os.path.isfile(d):
            raise _core.UsageError(f"{operation} writes to the data directory; this ledger has none "
                                   "(built from DataFrames or opened from a snapshot): load a directory")
        return d

    def file_text(self, file: str) -> str:
        """Canonical text of one file of the directory ('items.csv' ...)."""
        return self._core.file_text(file)

    def __repr__(self) -> str:
        where = f" from {self.directory}" if self.directory else ""
        return f"<dsocore.Ledger {self.customer_count} customers, {self.item_count} items{where}>"


class RoleView:
    """A ledger seen as a role and user: the methods of Ledger that take ``role``/``user``
    with them filled in (``view.aging(as_of)``, ``view.search(as_of, where)``,
    ``view.limit_approve(customer)`` …)."""

    _SCOPED = {"report", "search", "assign", "undo_assign", "limit_request", "limit_approve", "limit_reject",
               "limit_history", "export", "agenda", "alerts"}

    def __init__(self, ledger: Ledger, role: str, user: str | None = None) -> None:
        self.ledger, self.role, self.user = ledger, role, user

    def __getattr__(self, name: str) -> Callable[..., Any]:
        if name in self._SCOPED:
            method = getattr(self.ledger, name)
        elif not name.startswith("_") and name in report_names():
            def method(as_of: str | datetime.date, **kwargs: Any) -> ReportFrame:
                return self.ledger.report(name, as_of, **kwargs)
        else:
            raise AttributeError(f"'RoleView' object has no attribute {name!r}")

        def scoped(*args: Any, **kwargs: Any) -> Any:
            return method(*args, role=self.role, user=self.user or "", **kwargs)
        scoped.__name__ = name
        return scoped

    def allows(self, operation: str) -> bool:
        """Whether this view's role may perform ``operation`` (see :func:`role_allows`)."""
        return role_allows(self.role, operation)

    def __repr__(self) -> str:
        return f"<dsocore.RoleView {self.role}{' ' + self.user if self.user else ''} of {self.ledger!r}>"


def import_file(data: str | os.PathLike[str], input: str | os.PathLike[str], profile: Any, *,
                kind: str | None = None, date: str | datetime.date | None = None, dry_run: bool = False,
                rejects: str | os.PathLike[str] | None = None) -> ImportResult:
    """Imports one ERP file (CSV/TXT in any encoding, XLSX, XLS) into the data directory
    ``data`` through an import profile (docs/import.md), as ``dsocore import``.

    ``profile`` is a path to the profile JSON, or the profile itself as a dict or JSON
    text. ``date`` is the import date (default today, UTC). Every refused line is in
    ``result.rejects`` and the reject file. When nothing can be applied (strict mode with
    a bad line, every line rejected, a directory that would not load) raises DataError
    whose ``.result`` is the ImportResult; a dry run raises the same way.
    """
    profile_path = profile_json = None
    if isinstance(profile, Mapping):
        profile_json = json.dumps(profile)
    elif isinstance(profile, str) and profile.lstrip().startswith("{"):
        profile_json = profile
    else:
        profile_path = os.fspath(profile)
    result = ImportResult._from_core(_core.import_file(
        os.fspath(data), os.fspath(input), profile_path, profile_json, kind, _opt_date(date, "date"), dry_run,
        os.fspath(rejects) if rejects is not None else ""))
    if not result.applied:
        err = _core.DataError(f"import of {os.fspath(input)}: {result.failure or 'nothing applied'} ({result.summary})")
        err.code = 2
        err.diagnostics = []
        err.result = result  # type: ignore[attr-defined]
        raise err
    return result


def role_allows(role: str, operation: str) -> bool:
    """Whether a role (collector, credit_manager, sales, admin) may perform an operation
    (read, assign_scenario, assign_collector, assign_group, assign_custom, request_limit,
    approve_limit, export_data), as risk.md "Roles" says; an unknown name raises UsageError."""
    return _core.role_allows(role, operation)


def report_names() -> dict[str, str]:
    """Every report the engine knows: name -> one-line summary, in the order of reports.md."""
    return dict(_core.report_names())


def load(directory: str | os.PathLike[str], *, templates: bool = False) -> Ledger:
    """Loads and validates a data directory (``dsocore.load("examples/data")``), or opens a
    snapshot file (``.dsoc``); ``templates=True`` for ``render``."""
    return Ledger.load(directory, templates=templates)

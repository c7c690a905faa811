"""dsocore — accounts-receivable credit management for Python and notebooks.

>>> import dsocore
>>> ledger = dsocore.load("examples/data")
>>> ledger.aging(as_of="2026-06-30", buckets=[30, 60, 90])        # pandas DataFrame
>>> ledger.report("dso", as_of=datetime.date(2026, 6, 30), method="countback")
>>> ledger.render("2026-06-30", "FR01:C001", "reminder1")            # needs load(..., templates=True)
>>> dsocore.import_file("data", "erp.csv", "profile.json", dry_run=True)

Amounts are ``decimal.Decimal`` (exact), dates ``datetime.date``. Errors are
``dsocore.Error`` subclasses carrying the engine's message.
"""

from ._core import (
    AccessError,
    CalculationError,
    DataError,
    Error,
    FileError,
    InternalError,
    NotFoundError,
    UsageError,
    __version__,
)
from ._frame import ReportFrame
from ._ledger import Ledger, RoleView, import_file, load, report_names, role_allows
from ._results import (
    AssignResult,
    ImportResult,
    LimitRequest,
    RecordedAction,
    RenderedMessage,
    SmsInfo,
    UndoResult,
)

__all__ = [
    "AccessError",
    "AssignResult",
    "ImportResult",
    "LimitRequest",
    "RecordedAction",
    "RenderedMessage",
    "RoleView",
    "SmsInfo",
    "UndoResult",
    "import_file",
    "CalculationError",
    "DataError",
    "Error",
    "FileError",
    "InternalError",
    "Ledger",
    "NotFoundError",
    "ReportFrame",
    "UsageError",
    "__version__",
    "load",
    "report_names",
    "role_allows",
]


def __getattr__(name: str):
    # dsocore.dask (scale-out on Dask, docs/scale-out.md) is imported on first use only,
    # so that `import dsocore` never needs Dask.
    if name == "dask":
        import importlib

        return importlib.import_module(".dask", __name__)
    raise AttributeError(f"module 'dsocore' has no attribute {name!r}")

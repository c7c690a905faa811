"""Scale-out on Dask: aging, dso, payment_profile, risk and cash_forecast over a Dask
DataFrame of items (and allocations) partitioned across workers.

>>> import dsocore.dask
>>> book = dsocore.dask.read_directory("examples/data", blocksize="16MB")
>>> book.report("aging", as_of="2026-06-30")           # same DataFrame as dsocore.load(...).report(...)

How it stays exact (docs/scale-out.md):

- every partition is reduced to *partial aggregates*: integer minor units of the base
  currency per customer (numpy int64 with explicit overflow checks, or Python ints for the
  weighted day sums that need more than 64 bits); never a float;
- partials merge by integer addition (and min), which is associative and commutative,
  so the tree reduction gives the same integers in any order and any partitioning;
- conversion to the base currency is the engine's, item by item: x × rate(cur, D) /
  rate(B, D) rounded once, half-even, to B's minor unit (src/ledger/fx.cpp);
- the finalize step applies the spec's ratios and roundings (half-even to one decimal,
  half away from zero for forecast days) to the merged integers, as src/reports/*.cpp do.

The small tables (customers, fx, company.json, scenarios) are validated by the engine's
own loader on the client (disputes.csv is read there too) and shipped to the workers; the
large ones (items, allocations) are parsed and checked per partition, then shuffled once
on the item key so that each partition holds its items' allocations (persist() keeps
that); every report is then one map and one tree of merges.
"""

from __future__ import annotations

import copy
import datetime
import json
import math
import os
import pickle
import re
from io import StringIO as _StringIO
from decimal import Decimal
from fractions import Fraction
from typing import Any, Callable, Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

try:
    import dask
    import dask.dataframe as dd
except ImportError as e:  # pragma: no cover - scripts/setup installs python3-dask
    raise ImportError("dsocore.dask needs Dask: apt-get install python3-dask python3-distributed "
                      "(scripts/packages.d/dask.txt; bash scripts/setup installs it)") from e

from . import _core
from ._frame import ReportFrame, column_values
from ._ledger import Ledger, _cell_text, _date_text

__all__ = ["DaskLedger", "read_directory", "SUPPORTED_REPORTS", "tree_reduce", "Partial"]

# --- constants (mirroring include/dsocore/ledger/ledger.hpp) -------------------------

INT64_MAX = (1 << 63) - 1
INT64_MIN = -(1 << 63)
NO_DATE = np.iinfo(np.int64).min  # kNoDate
_MIN_DAY = int((np.datetime64("1400-01-01") - np.datetime64("1970-01-01")).astype(np.int64))
_MAX_DAY = int((np.datetime64("9999-12-31") - np.datetime64("1970-01-01")).astype(np.int64))

TYPES = ("invoice", "credit_note", "debit_note", "payment", "adjustment")
T_INVOICE, T_CREDIT, T_DEBIT, T_PAYMENT, T_ADJUST = range(5)
CATEGORIES = ("", "promise", "dispute", "litigation", "ignored", "info")
C_NONE, C_PROMISE, C_DISPUTE, C_LITIGATION, C_IGNORED, C_INFO = range(6)
MAX_PERIODS = 24  # countback

ITEM_COLUMNS = ("entity", "item_id", "customer_id", "type", "issue_date", "due_date", "currency", "amount",
                "open_amount", "status", "status_date", "promise_date", "comment") + tuple(
                    f"custom_{k}" for k in range(1, 13))
ALLOCATION_COLUMNS = ("entity", "item_id", "date", "amount")

# Reports and options computed here. Everything else is refused with UsageError rather
# than computed differently: --where, dso --calendar 445, and the other reports.
SUPPORTED_REPORTS = {
    "aging": ("buckets",),
    "dso": ("method", "period", "calendar"),
    "payment_profile": ("window",),
    "risk": (),
    "cash_forecast": ("window", "interval", "horizon"),
}
_GROUPED = {"aging", "dso", "payment_profile", "risk"}
GROUPABLE = ("customer", "entity", "group_code", "legal_id", "parent_id", "payment_center", "customer_type",
             "collector", "sales_rep", "country", "rating") + tuple(f"custom_{k}" for k in range(1, 13)) + ("total",)


# --- exact integer helpers --------------------------------------------------------------

def round_div(num: int, den: int, mode: str = "half_even") -> int:
    """num / den rounded to an integer (Python ints, exact): half_even or half_up
    (half away from zero, as the engine's Rounding::half_up)."""
    if den == 0:
        raise _core.InternalError("ratio with a zero denominator")
    if den < 0:
        num, den = -num, -den
    q, r = divmod(num, den)  # floor: num = q*den + r, 0 <= r < den
    twice = 2 * r
    if twice > den:
        q += 1
    elif twice == den:
        if mode == "half_even":
            q += q & 1
        else:  # half away from zero: the tie goes up for num > 0, stays at floor for num < 0
            q += 1 if num > 0 else 0
    return q


def ratio_units(num: int, den: int, scale: int = 1) -> int:
    """num / den rounded half-even to `scale` decimals, as units (reports/engine.cpp)."""
    q = round_div(num * 10 ** scale, den, "half_even")
    _check_i64(q, "figure")
    return q


def _check_i64(v: int, what: str) -> int:
    if v > INT64_MAX or v < INT64_MIN:
        raise _core.CalculationError(f"{what} does not fit 64-bit minor units")
    return v


def checked_add_i64(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """a + b for int64 arrays; raises CalculationError on overflow (never wraps)."""
    r = a + b  # wraps; detected below: both operands differ in sign from the result
    if ((a ^ r) & (b ^ r) < 0).any():
        raise _core.CalculationError("sum of amounts does not fit 64-bit minor units")
    return r


def _max_abs(x: np.ndarray) -> int:
    if len(x) == 0:
        return 0
    return max(-int(x.min()), int(x.max()), 0)


def group_sum(codes: np.ndarray, values: np.ndarray, n: int) -> np.ndarray:
    """Exact per-code sums of int64 values into an int64 array of length n.

    The fast path sums in int64 only when no partial sum can overflow (count × max|x| <
    2^63); otherwise the sums are made with Python ints and checked to fit int64.
    """
    values = np.asarray(values, dtype=np.int64)
    if len(values) * _max_abs(values) <= INT64_MAX:
        out = np.zeros(n, dtype=np.int64)
        np.add.at(out, codes, values)
        return out
    big = group_sum_object(codes, values, n)
    for v in big:
        _check_i64(v, "sum of amounts")
    return big.astype(np.int64)


def group_sum_object(codes: np.ndarray, values: np.ndarray, n: int) -> np.ndarray:
    """Per-code sums as Python ints (object array): unbounded, exact."""
    out = np.array([0] * n, dtype=object)
    np.add.at(out, codes, np.asarray(values).astype(object))
    return out


def group_product_sum(codes: np.ndarray, w: np.ndarray, days: np.ndarray, n: int) -> np.ndarray:
    """Σ w·days per code as Python ints (the engine's i128 sums), exact."""
    w = np.asarray(w, dtype=np.int64)
    days = np.asarray(days, dtype=np.int64)
    if len(w) * _max_abs(w) * max(_max_abs(days), 1) <= INT64_MAX:
        out = np.zeros(n, dtype=np.int64)
        np.add.at(out, codes, w * days)
        return out.astype(object)
    return group_sum_object(codes, w.astype(object) * days.astype(object), n)


def round_half_even_i64(x: np.ndarray, num: int, den: int) -> np.ndarray:
    """round_half_even(x × num / den) for an int64 array, exactly (fx.cpp
    scale_round_half_even). int64 arithmetic when it cannot overflow, else Python ints."""
    g = math.gcd(num, den)
    num //= g
    den //= g
    x = np.asarray(x, dtype=np.int64)
    if den == 1:
        if _max_abs(x) * abs(num) <= INT64_MAX:
            return x * num
    elif _max_abs(x) * abs(num) <= INT64_MAX and 2 * den <= INT64_MAX:
        p = x * num
        q = np.floor_divide(p, den)
        r = p - q * den  # 0 <= r < den
        up = (2 * r > den) | ((2 * r == den) & (q % 2 != 0))
        return q + up.astype(np.int64)
    out = [round_div(int(v) * num, den) for v in x.tolist()]
    for v in out:
        _check_i64(v, "converted amount")
    return np.array(out, dtype=np.int64)


# --- dates ---------------------------------------------------------------------------

def day_of(d: datetime.date) -> int:
    return int((np.datetime64(d.isoformat(), "D") - np.datetime64("1970-01-01", "D")).astype(np.int64))


def date_of(day: int) -> datetime.date:
    return (np.datetime64("1970-01-01", "D") + np.timedelta64(int(day), "D")).astype(object)


def _last_day(y: int, m: int) -> int:
    return (datetime.date(y + (m == 12), m % 12 + 1, 1) - datetime.timedelta(days=1)).day


def add_months(d: datetime.date, n: int) -> datetime.date:
    """The spec's month rule (Boost's): same day clamped to the target month's end; an
    end-of-month date snaps to the target month's end."""
    k = d.year * 12 + d.month - 1 + n
    y, m = divmod(k, 12)
    m += 1
    last = _last_day(y, m)
    if d.day == _last_day(d.year, d.month):
        return datetime.date(y, m, last)
    return datetime.date(y, m, min(d.day, last))


def window_start(text: str, as_of: datetime.date, option: str = "window") -> datetime.date:
    """Window::parse + Window::start: `6m`, `182d` or a plain number of days."""
    m = re.fullmatch(r"([0-9]{1,6})([md]?)", text)
    if not m or int(m.group(1)) <= 0:
        raise _core.UsageError(f"--{option}: window '{text}': expected months like 6m, days like 182d or a plain "
                               "number of days")
    n = int(m.group(1))
    return add_months(as_of, -n) if m.group(2) == "m" else as_of - datetime.timedelta(days=n)




def _days_vectorized(given: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Strict YYYY-MM-DD texts → day numbers on the bytes; (days, ok)."""
    n = len(given)
    m8 = _ascii_matrix(given)
    if m8 is None or m8.shape[1] != 10:
        return np.zeros(n, dtype=np.int64), np.zeros(n, dtype=bool)
    dig = (m8 >= 48) & (m8 <= 57)
    ok = dig[:, [0, 1, 2, 3, 5, 6, 8, 9]].all(axis=1) & (m8[:, 4] == 45) & (m8[:, 7] == 45)
    v = m8.astype(np.int64) - 48
    y = v[:, 0] * 1000 + v[:, 1] * 100 + v[:, 2] * 10 + v[:, 3]
    mo = v[:, 5] * 10 + v[:, 6]
    d = v[:, 8] * 10 + v[:, 9]
    ok &= (mo >= 1) & (mo <= 12) & (d >= 1)
    months = np.where(ok, (y - 1970) * 12 + mo - 1, 0).astype("datetime64[M]")
    first = months.astype("datetime64[D]").astype(np.int64)
    nxt = (months + 1).astype("datetime64[D]").astype(np.int64)
    ok &= d <= nxt - first
    return np.where(ok, first + d - 1, 0), ok


def parse_days(col: pd.Series, what: str, keys: pd.Series, required: bool) -> np.ndarray:
    """YYYY-MM-DD texts → day numbers (days since 1970-01-01), NO_DATE for empty ones.
    Strict: exactly four-digit year, two-digit month and day, a real calendar day."""
    texts = col.to_numpy(dtype=object)
    empty = texts == ""
    out = np.full(len(texts), NO_DATE, dtype=np.int64)
    if required and empty.any():
        _bad(what, keys[empty], col[empty], "a date is required")
    ok = ~empty
    if not ok.any():
        return out
    given = texts[ok]
    d, good = _days_vectorized(given)
    if not good.all():
        _bad(what, keys[ok][~good], given[~good], "expected a date YYYY-MM-DD")
    out_of_range = (d < _MIN_DAY) | (d > _MAX_DAY)
    if out_of_range.any():
        _bad(what, keys[ok][out_of_range], given[out_of_range], "expected a date between 1400-01-01 and 9999-12-31")
    out[ok] = d
    return out


def _not_a_date(t: str) -> bool:
    try:
        return datetime.date.fromisoformat(t).isoformat() != t
    except ValueError:
        return True


def _bad(what: str, keys: Any, values: Any, expected: str) -> None:
    keys = list(keys)[:5]
    values = list(values)[:5]
    shown = "; ".join(f"{k}: '{v}'" for k, v in zip(keys, values))
    raise _core.DataError(f"{what}: {expected} ({shown})")


# --- decimals ------------------------------------------------------------------------

_DEC_RE = re.compile(r"([+-]?)([0-9]+)(?:\.([0-9]+))?")


def _units_of(text: str, m: int) -> int | None:
    """One decimal text → minor units at m decimals; None when malformed or when a
    non-zero digit lies beyond the minor unit."""
    g = _DEC_RE.fullmatch(text)
    if g is None:
        return None
    frac = g.group(3) or ""
    if frac[m:].strip("0"):
        return None
    v = int(g.group(2) + frac[:m].ljust(m, "0"))
    return -v if g.group(1) == "-" else v


_POW10 = np.array([10 ** k for k in range(19)], dtype=np.int64)


def _ascii_matrix(texts: np.ndarray) -> np.ndarray | None:
    """The texts as an n × width uint8 matrix (NUL padded), or None when one is not ASCII."""
    try:
        b = np.array(texts.tolist(), dtype="S")
    except UnicodeEncodeError:
        return None
    width = max(b.dtype.itemsize, 1)
    return b.view(np.uint8).reshape(len(texts), width) if len(texts) else np.zeros((0, width), np.uint8)


def _units_vectorized(texts: np.ndarray, minor: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Decimal texts → minor units with numpy on the bytes (no Python call per value).
    Returns (units, done): rows not done (malformed, more than 18 digits, a non-zero
    digit beyond the minor unit, not ASCII) go to the exact slow path."""
    n = len(texts)
    units = np.zeros(n, dtype=np.int64)
    m8 = _ascii_matrix(texts)
    if m8 is None or m8.shape[1] > 40:
        return units, np.zeros(n, dtype=bool)
    width = m8.shape[1]
    length = (m8 != 0).sum(axis=1)
    signed = (m8[:, 0] == 45) | (m8[:, 0] == 43)  # '-' '+'
    start = signed.astype(np.int64)
    dot = m8 == 46
    ndots = dot.sum(axis=1)
    dotpos = np.where(ndots == 1, dot.argmax(axis=1), length)
    digit = (m8 >= 48) & (m8 <= 57)
    n_int = dotpos - start
    n_frac = np.where(ndots == 1, length - dotpos - 1, 0)
    done = (ndots <= 1) & (digit.sum(axis=1) == length - start - ndots) & (n_int >= 1)
    done &= ((ndots == 0) | (n_frac >= 1)) & (n_int + minor <= 18)
    for j in range(width):  # one column of characters at a time (1-D arrays)
        exp = np.where(j < dotpos, dotpos - 1 - j + minor, minor - (j - dotpos))
        dj = digit[:, j] & (j >= start) & (j < length)
        d = m8[:, j].astype(np.int64) - 48
        done &= ~(dj & (exp < 0) & (d != 0))  # a non-zero digit beyond the minor unit
        use = dj & (exp >= 0)
        units += np.where(use, d * _POW10[np.clip(exp, 0, 18)], 0)
    units = np.where(m8[:, 0] == 45, -units, units)
    return units, done


def parse_units(col: pd.Series, minor: np.ndarray, what: str, keys: pd.Series, cur: Any) -> np.ndarray:
    """Decimal texts → int64 minor units at each row's minor unit (data-format.md): a
    non-zero digit beyond the minor unit is an error, never rounded; exact (integer
    digits, never a float; values the vectorized path cannot take are parsed as Python
    ints and range-checked into int64)."""
    texts = col.to_numpy(dtype=object)
    minor = np.asarray(minor, dtype=np.int64)
    out = np.zeros(len(texts), dtype=np.int64)
    if len(texts) == 0:
        return out
    units, done = _units_vectorized(texts, minor)
    out[done] = units[done]
    rest = np.nonzero(~done)[0]
    if len(rest):
        vals = [_units_of(t, m) for t, m in zip(texts[rest].tolist(), minor[rest].tolist())]
        bad = np.array([v is None or v > INT64_MAX or v < INT64_MIN for v in vals], dtype=bool)
        if bad.any():
            rows = rest[bad]
            curs = np.asarray(cur, dtype=object) if not isinstance(cur, str) else np.full(len(texts), cur, dtype=object)
            _bad(what, keys.iloc[rows], [f"{texts[r]} ({curs[r]}, {minor[r]} decimals)" for r in rows],
                 "expected a decimal number like 1234.50 with no more decimals than the currency's minor unit, "
                 "within 64-bit minor units")
        out[rest] = np.array(vals, dtype=np.int64)
    return out


def _units_decimal(units: int, scale: int) -> Decimal:
    return Decimal(int(units)).scaleb(-scale)


# --- exchange rates ------------------------------------------------------------------

class Rates:
    """fx.csv timelines: rate_e10 of a currency on a day = the latest row on or before it."""

    def __init__(self, fx_rows: Iterable[tuple[int, str, int]], company_base: str, minor: Mapping[str, int]):
        self.company_base = company_base
        self.minor = dict(minor)
        tl: dict[str, list[tuple[int, int]]] = {}
        for day, cur, rate in fx_rows:
            tl.setdefault(cur, []).append((day, rate))
        self.days = {c: np.array([d for d, _ in sorted(v)], dtype=np.int64) for c, v in tl.items()}
        self.rates = {c: [r for _, r in sorted(v)] for c, v in tl.items()}

    def has_currency(self, cur: str) -> bool:
        return cur == self.company_base or cur in self.days

    def rate_index(self, cur: str, days: np.ndarray) -> np.ndarray:
        """Index of the rate row in force on each day; raises for a day before the first row."""
        if cur == self.company_base:
            return np.zeros(len(days), dtype=np.int64)
        tl = self.days.get(cur)
        if tl is None:
            raise _core.CalculationError(f"no exchange rate for {cur} on or before {date_of(int(days[0]))} in fx.csv")
        k = np.searchsorted(tl, days, side="right") - 1
        if (k < 0).any():
            first = int(days[k < 0].min())
            raise _core.CalculationError(f"no exchange rate for {cur} on or before {date_of(first)} in fx.csv")
        return k

    def rate_e10(self, cur: str, k: int) -> int:
        return 10 ** 10 if cur == self.company_base else self.rates[cur][k]

    def convert(self, units: np.ndarray, cur: np.ndarray, days: np.ndarray | int, target: str) -> np.ndarray:
        """conv(x, D) item by item into `target` minor units (fx.cpp Converter::convert):
        x × (rate(cur, D) × 10^m_target) / (rate(target, D) × 10^m_cur), rounded half-even."""
        units = np.asarray(units, dtype=np.int64)
        n = len(units)
        days = np.full(n, days, dtype=np.int64) if np.isscalar(days) else np.asarray(days, dtype=np.int64)
        out = units.copy()
        cur = np.asarray(cur, dtype=object)
        mt = self.minor[target]
        for c in pd.unique(cur):
            if c == target:
                continue
            rows = np.nonzero(cur == c)[0]
            kf = self.rate_index(c, days[rows])
            kt = self.rate_index(target, days[rows])
            for i_f, i_t in np.unique(np.stack([kf, kt], axis=1), axis=0).tolist():
                sel = rows[(kf == i_f) & (kt == i_t)]
                num = self.rate_e10(c, i_f) * 10 ** mt
                den = self.rate_e10(target, i_t) * 10 ** self.minor[c]
                out[sel] = round_half_even_i64(units[sel], num, den)
        return out


# --- partial aggregates --------------------------------------------------------------

class Partial:
    """Exact partial aggregates of some rows: named arrays (int64 sums checked for
    overflow, Python-int sums, minima). merge() is associative and commutative."""

    SUM, OBJSUM, MIN = "sum", "objsum", "min"

    def __init__(self, fields: dict[str, tuple[str, np.ndarray]] | None = None):
        self.fields = fields or {}

    def __getitem__(self, name: str) -> np.ndarray:
        return self.fields[name][1]

    def merge(self, other: "Partial") -> "Partial":
        if set(self.fields) != set(other.fields):
            raise _core.InternalError("partials of different shapes")
        out: dict[str, tuple[str, np.ndarray]] = {}
        for name, (op, a) in self.fields.items():
            b = other.fields[name][1]
            if op == Partial.SUM:
                out[name] = (op, checked_add_i64(a, b))
            elif op == Partial.OBJSUM:
                out[name] = (op, a + b)
            else:
                out[name] = (op, np.minimum(a, b))
        return Partial(out)

    def equals(self, other: "Partial") -> bool:
        return set(self.fields) == set(other.fields) and all(
            np.array_equal(a, other.fields[k][1]) for k, (_, a) in self.fields.items())


def merge_partials(*parts: Partial) -> Partial:
    out = parts[0]
    for p in parts[1:]:
        out = out.merge(p)
    return out


def tree_reduce(parts: Sequence[Any], split_every: int = 4) -> Any:
    """Merges delayed partials level by level, `split_every` at a time (a tree: the merges
    of one level run in parallel on the workers). Returns one delayed Partial."""
    parts = list(parts)
    if not parts:
        raise _core.InternalError("no partitions to reduce")
    merge = dask.delayed(merge_partials, pure=True)
    while len(parts) > 1:
        parts = [merge(*parts[k:k + split_every]) if len(parts[k:k + split_every]) > 1 else parts[k]
                 for k in range(0, len(parts), split_every)]
    return parts[0]


# --- the broadcast context -----------------------------------------------------------

class _Book:
    """What every worker needs besides its partition: the customer table, currencies,
    rates, settings. Small, picklable, built once on the client from engine-validated text."""

    def __init__(self, customers: pd.DataFrame, company: Mapping[str, Any], fx_rows: list[tuple[int, str, int]],
                 minor: dict[str, int], disputes: pd.DataFrame | None, has_allocations: bool):
        self.customers = customers
        self.company_base = str(company.get("base_currency") or "EUR")
        self.minor = minor
        self.rates = Rates(fx_rows, self.company_base, minor)
        self.aging_buckets = list(company.get("aging_buckets") or [30, 60, 90])
        prof = company.get("payer_profiles")
        if prof is None:
            prof = [["punctual", 0], ["slightly_late", 15], ["late", 45], ["very_late", None]]
        self.payer_profiles = [(str(n), None if v is None else Decimal(str(v))) for n, v in prof]
        self.disputes = disputes
        self.has_allocations = has_allocations
        ent = customers["entity"].where(customers["entity"] != "", "MAIN")
        self.index = {k: r for r, k in enumerate(ent.str.cat(customers["customer_id"], sep="\x1f"))}
        self.cust_currency = customers["currency"].where(customers["currency"] != "",
                                                         self.company_base).to_numpy(dtype=object)
        terms = customers["payment_terms_days"].where(customers["payment_terms_days"] != "", "30")
        self.cust_terms = terms.astype(np.int64).to_numpy()
        ext = customers["insurance_max_extension_days"].where(customers["insurance_max_extension_days"] != "", "-1")
        self.cust_ext = ext.astype(np.int64).to_numpy()

    @property
    def n(self) -> int:
        return len(self.customers)


def _as_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Every column as canonical text ('' for absent), as the CSV loader would see it."""
    out = {}
    for c in frame.columns:
        s = frame[c]
        if s.dtype == object and pd.api.types.infer_dtype(s, skipna=False) in ("string", "empty"):
            out[c] = s
        else:
            out[c] = pd.Series([_cell_text(v) for v in s.tolist()], index=frame.index, dtype=object)
    return pd.DataFrame(out, index=frame.index)


def _item_keys(entity: pd.Series, item_id: pd.Series) -> pd.Series:
    return entity.str.cat(item_id, sep="/")


def parse_items(part: pd.DataFrame, book: _Book) -> pd.DataFrame:
    """One partition of items.csv rows → typed columns (the loader's rules, load.cpp)."""
    part = _as_text(part)
    n = len(part)

    def col(name: str) -> pd.Series:
        return part[name].astype(object) if name in part.columns else pd.Series([""] * n, index=part.index, dtype=object)

    entity = col("entity").where(col("entity") != "", "MAIN")
    item_id = col("item_id")
    keys = _item_keys(entity, item_id)
    if (item_id == "").any():
        _bad("items.csv item_id", keys[item_id == ""], item_id[item_id == ""], "an item_id is required")
    cid = col("customer_id")
    cust = entity.str.cat(cid, sep="\x1f").map(book.index)
    if cust.isna().any():
        m = cust.isna().to_numpy()
        _bad("items.csv customer_id", keys[m], cid[m], "no such customer in customers.csv for the item's entity")
    cust = cust.astype(np.int64).to_numpy()
    tcol = col("type")
    type_code = tcol.map({"": T_INVOICE, **{t: k for k, t in enumerate(TYPES)}})
    if type_code.isna().any():
        m = type_code.isna().to_numpy()
        _bad("items.csv type", keys[m], tcol[m], "expected invoice, credit_note, debit_note, payment or adjustment")
    type_code = type_code.astype(np.int8).to_numpy()
    issue = parse_days(col("issue_date"), "items.csv issue_date", keys, True)
    due = parse_days(col("due_date"), "items.csv due_date", keys, False)
    no_due = due == NO_DATE
    due[no_due] = issue[no_due] + book.cust_terms[cust[no_due]]
    if (due > _MAX_DAY).any():
        m = due > _MAX_DAY
        _bad("items.csv issue_date", keys[m], col("issue_date")[m],
             "issue_date + payment_terms_days is after 9999-12-31; give a due_date")
    cur = col("currency").to_numpy(dtype=object).copy()
    no_cur = cur == ""
    cur[no_cur] = book.cust_currency[cust[no_cur]]
    usable = {c: c in book.minor and book.rates.has_currency(c) for c in pd.unique(cur)}
    unknown = pd.Series(cur, dtype=object).map(usable).to_numpy(dtype=bool) if n else np.zeros(0, dtype=bool)
    unknown = ~unknown if n else unknown
    if unknown.any():
        _bad("items.csv currency", keys[unknown], cur[unknown],
             "a currency with rates in fx.csv (or the company base currency)")
    minor = pd.Series(cur, dtype=object).map(book.minor).to_numpy(dtype=np.int64) if n else np.zeros(0, np.int64)
    amt_text = col("amount")
    if (amt_text == "").any():
        _bad("items.csv amount", keys[amt_text == ""], amt_text[amt_text == ""], "an amount is required")
    amount = parse_units(amt_text, minor, "items.csv amount", keys, cur)
    pos = (type_code == T_INVOICE) | (type_code == T_DEBIT)
    neg = (type_code == T_CREDIT) | (type_code == T_PAYMENT)
    if (pos & (amount <= 0)).any() or (neg & (amount >= 0)).any():
        m = (pos & (amount <= 0)) | (neg & (amount >= 0))
        _bad("items.csv amount", keys[m], amt_text[m], "invoices and debit notes > 0, credit notes and payments < 0")
    open_text = col("open_amount")
    given = (open_text != "").to_numpy()
    opened = amount.copy()
    if given.any():
        opened[given] = parse_units(open_text[given], minor[given], "items.csv open_amount", keys[given], cur[given])
        o, a = opened, amount
        wrong = given & ~(((o == 0) | ((o > 0) == (a > 0))) & np.where(a >= 0, o <= a, o >= a))
        if wrong.any():
            _bad("items.csv open_amount", keys[wrong], open_text[wrong],
                 "must have the sign of amount and not exceed it in absolute value")
    status = col("status")
    cat = np.zeros(n, dtype=np.int8)
    sub = np.full(n, "", dtype=object)
    has = (status != "").to_numpy()
    if has.any():
        split = status[has].str.split(":", n=1)
        c = split.str[0].map({c: k for k, c in enumerate(CATEGORIES) if c})
        if c.isna().any():
            m = c.isna().to_numpy()
            _bad("items.csv status", keys[has][m], status[has][m], "expected category[:subtype] with category "
                                                                   "promise, dispute, litigation, ignored or info")
        cat[has] = c.astype(np.int8).to_numpy()
        sub[has] = split.str[1].fillna("").to_numpy(dtype=object)
    promise = parse_days(col("promise_date"), "items.csv promise_date", keys, False)
    parse_days(col("status_date"), "items.csv status_date", keys, False)
    # At load, every item in a foreign currency has a rate on or before its issue date.
    for c in pd.unique(cur):
        if c != book.company_base:
            book.rates.rate_index(c, issue[cur == c])
    return pd.DataFrame({
        "_key": entity.str.cat(item_id, sep="\x1f").to_numpy(dtype=object),
        "entity": entity.to_numpy(dtype=object), "item_id": item_id.to_numpy(dtype=object), "cust": cust,
        "type": type_code, "issue": issue, "due": due, "currency": cur, "amount": amount, "open": opened,
        "cat": cat, "sub": sub, "promise": promise,
    }, index=part.index)


_ITEM_META = pd.DataFrame({
    "_key": pd.Series([], dtype=object), "entity": pd.Series([], dtype=object), "item_id": pd.Series([], dtype=object), "cust": np.array([], np.int64),
    "type": np.array([], np.int8), "issue": np.array([], np.int64), "due": np.array([], np.int64),
    "currency": pd.Series([], dtype=object), "amount": np.array([], np.int64), "open": np.array([], np.int64),
    "cat": np.array([], np.int8), "sub": pd.Series([], dtype=object), "promise": np.array([], np.int64)})


def prepare_pair(items: pd.DataFrame, alloc: pd.DataFrame | None, book: _Book) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """One co-partition: typed items and the allocation rows of exactly those items
    (both were shuffled on the item key). Parses the allocations against their item
    (currency, sign) and checks the load rules that need both: an allocation names an
    existing item, an item key is unique, Σ allocations = amount − open_amount."""
    items = items.reset_index(drop=True)
    dup = items["_key"].duplicated(keep=False).to_numpy()
    if dup.any():
        _bad("items.csv item_id", _item_keys(items["entity"], items["item_id"])[dup], items["item_id"][dup],
             "unique (entity, item_id): duplicate item")
    if alloc is None:
        return items, None
    alloc = alloc.reset_index(drop=True)
    keys = _item_keys(alloc["entity"], alloc["item_id"])
    pos = pd.Index(items["_key"]).get_indexer(alloc["_key"])
    missing = pos < 0
    if missing.any():
        _bad("allocations.csv item_id", keys[missing], alloc["item_id"][missing],
             "an item of items.csv (same entity)")
    cur = items["currency"].to_numpy(dtype=object)[pos]
    minor = pd.Series(cur, dtype=object).map(book.minor).to_numpy(dtype=np.int64) if len(pos) else np.zeros(0, np.int64)
    day = parse_days(alloc["date"], "allocations.csv date", keys, True)
    units = parse_units(alloc["alloc_amount"], minor, "allocations.csv amount", keys, cur)
    item_amount = items["amount"].to_numpy()[pos]
    wrong = (units == 0) | ((units > 0) != (item_amount > 0))
    if wrong.any():
        _bad("allocations.csv amount", keys[wrong], alloc["alloc_amount"][wrong],
             "an allocation is non-zero and carries the sign of its item's amount")
    # The sum rule, exactly (Python ints if an int64 sum could overflow).
    n = len(items)
    if len(units) * _max_abs(units) <= INT64_MAX:
        total = group_sum(pos, units, n).astype(object)
    else:
        total = group_sum_object(pos, units, n)
    expect = (items["amount"].to_numpy() - items["open"].to_numpy()).astype(object)
    off = total != expect
    if off.any():
        _bad("allocations.csv", _item_keys(items["entity"], items["item_id"])[off],
             [f"Σ allocations {t} minor units, amount − open_amount {e}" for t, e in zip(total[off], expect[off])],
             "the allocations of an item sum to amount − open_amount")
    al = pd.DataFrame({"pos": pos, "day": day, "units": units})
    for c in ("cust", "type", "issue", "due", "currency"):
        al[c] = items[c].to_numpy()[pos]
    return items, al


def with_balances(pair: tuple[pd.DataFrame, pd.DataFrame | None], A: int, D0: int) -> pd.DataFrame:
    """bal_A and bal_D0 of every item (ledger.hpp balance_at): amount − Σ allocations
    dated ≤ D, or open_amount without allocations.csv. Every allocation carries its item's
    sign and they sum to amount − open_amount (checked), so each partial sum lies between
    0 and amount − open_amount: the int64 sums cannot overflow."""
    items, al = pair
    items = items.copy()
    if al is None:
        items["bal_a"] = items["open"].to_numpy()
        items["bal_d0"] = items["open"].to_numpy()
        return items
    n = len(items)
    pos, day, units = al["pos"].to_numpy(), al["day"].to_numpy(), al["units"].to_numpy()
    amount = items["amount"].to_numpy()
    for col, D in (("bal_a", A), ("bal_d0", D0)):
        paid = np.zeros(n, dtype=np.int64)
        m = day <= D
        np.add.at(paid, pos[m], units[m])
        items[col] = amount - paid
    return items


# --- partition reducers (the per-report "chunk" step) ---------------------------------

def _live(it: pd.DataFrame, A: int) -> pd.DataFrame:
    return it[it["issue"].to_numpy() <= A]


def aging_partial(it: pd.DataFrame, book: _Book, A: int, base: str, bounds: list[int]) -> Partial:
    """Per customer: Σ conv(bal_A, A) per bucket, and the number of items with bal_A ≠ 0."""
    nb = len(bounds) + 2
    it = _live(it, A)
    it = it[it["bal_a"].to_numpy() != 0]
    cust = it["cust"].to_numpy()
    v = book.rates.convert(it["bal_a"].to_numpy(), it["currency"].to_numpy(), A, base)
    dpd = A - it["due"].to_numpy()
    b = np.where(dpd <= 0, 0, 1 + np.searchsorted(np.asarray(bounds, dtype=np.int64), dpd, side="left"))
    acc = group_sum(cust * nb + b, v, book.n * nb).reshape(book.n, nb)
    count = group_sum(cust, np.ones(len(cust), dtype=np.int64), book.n)
    return Partial({"acc": (Partial.SUM, acc), "count": (Partial.SUM, count)})


def _is_sale(t: np.ndarray) -> np.ndarray:
    return (t == T_INVOICE) | (t == T_DEBIT) | (t == T_CREDIT)


def countback_periods(as_of: datetime.date) -> list[tuple[int, int]]:
    """Period 0 from the 1st of A's month to A, then 23 full calendar months back."""
    first = as_of.replace(day=1)
    p = [(day_of(first), day_of(as_of))]
    for _ in range(1, MAX_PERIODS):
        last = first - datetime.timedelta(days=1)
        first = last.replace(day=1)
        p.append((day_of(first), day_of(last)))
    return p


def dso_partial(it: pd.DataFrame, book: _Book, A: int, base: str, P: int, periods: list[tuple[int, int]],
                average: bool) -> Partial:
    D0 = A - P
    n = book.n
    it = _live(it, A)
    cust = it["cust"].to_numpy()
    cur = it["currency"].to_numpy()
    bal = it["bal_a"].to_numpy()
    nz = bal != 0
    c_ar = book.rates.convert(bal[nz], cur[nz], A, base)
    ar = group_sum(cust[nz], c_ar, n)
    nd = (it["due"].to_numpy()[nz] >= A)
    notdue = group_sum(cust[nz][nd], c_ar[nd], n)
    issue = it["issue"].to_numpy()
    pfirst = periods[-1][0] if periods else np.iinfo(np.int64).max
    sale = _is_sale(it["type"].to_numpy()) & ((issue > D0) | (issue >= pfirst))
    v = book.rates.convert(it["amount"].to_numpy()[sale], cur[sale], issue[sale], base)
    s_issue = issue[sale]
    s_cust = cust[sale]
    win = s_issue > D0
    sales = group_sum(s_cust[win], v[win], n)
    fields = {"ar": (Partial.SUM, ar), "notdue": (Partial.SUM, notdue), "sales": (Partial.SUM, sales)}
    if periods:
        firsts = np.array([p[0] for p in periods], dtype=np.int64)  # descending
        inp = s_issue >= pfirst
        # period k: the first (in descending order) whose first day ≤ issue
        k = np.searchsorted(-firsts, -s_issue[inp], side="left")
        fields["psales"] = (Partial.SUM, group_sum(s_cust[inp] * MAX_PERIODS + k, v[inp], n * MAX_PERIODS)
                            .reshape(n, MAX_PERIODS))
    if average:
        old = (issue <= D0) & (it["bal_d0"].to_numpy() != 0)
        c0 = book.rates.convert(it["bal_d0"].to_numpy()[old], cur[old], D0, base)
        fields["ar0"] = (Partial.SUM, group_sum(cust[old], c0, n))
    return Partial(fields)


def payer_partial(al: pd.DataFrame, book: _Book, A: int, W0: int, base: str) -> Partial:
    """payment_profile_figures: allocations dated in (W0, A] on invoices and debit notes
    issued on or before A: w = conv(amount, date), Σw, Σw·late, Σw·to_pay, on time, count."""
    n = book.n
    t = al["type"].to_numpy()
    day = al["day"].to_numpy()
    sel = ((t == T_INVOICE) | (t == T_DEBIT)) & (al["issue"].to_numpy() <= A) & (day > W0) & (day <= A)
    al = al[sel]
    day = day[sel]
    cust = al["cust"].to_numpy()
    w = book.rates.convert(al["units"].to_numpy(), al["currency"].to_numpy(), day, base)
    late = day - al["due"].to_numpy()
    to_pay = day - al["issue"].to_numpy()
    return Partial({
        "settled": (Partial.SUM, group_sum(cust, w, n)),
        "w_late": (Partial.OBJSUM, group_product_sum(cust, w, late, n)),
        "w_to_pay": (Partial.OBJSUM, group_product_sum(cust, w, to_pay, n)),
        "on_time": (Partial.SUM, group_sum(cust[late <= 0], w[late <= 0], n)),
        "count": (Partial.SUM, group_sum(cust, np.ones(len(cust), dtype=np.int64), n)),
    })


def empty_payer_partial(n: int) -> Partial:
    z = np.zeros(n, dtype=np.int64)
    o = np.array([0] * n, dtype=object)
    return Partial({"settled": (Partial.SUM, z), "w_late": (Partial.OBJSUM, o), "w_to_pay": (Partial.OBJSUM, o.copy()),
                    "on_time": (Partial.SUM, z.copy()), "count": (Partial.SUM, z.copy())})


_NO_DEADLINE = np.iinfo(np.int64).max


def risk_partial(it: pd.DataFrame, book: _Book, A: int, base: str) -> Partial:
    n = book.n
    it = _live(it, A)
    it = it[it["bal_a"].to_numpy() != 0]
    cust = it["cust"].to_numpy()
    bal = it["bal_a"].to_numpy()
    v = book.rates.convert(bal, it["currency"].to_numpy(), A, base)
    due = it["due"].to_numpy()
    over = A - due > 0
    ext = book.cust_ext[cust]
    dl = over & (it["type"].to_numpy() == T_INVOICE) & (bal > 0) & (ext >= 0)
    deadline = np.full(n, _NO_DEADLINE, dtype=np.int64)
    np.minimum.at(deadline, cust[dl], due[dl] + ext[dl])
    return Partial({"outstanding": (Partial.SUM, group_sum(cust, v, n)),
                    "overdue": (Partial.SUM, group_sum(cust[over], v[over], n)),
                    "deadline": (Partial.MIN, deadline)})


class _Periods:
    """periods.cpp: the horizon periods from A (weeks from Monday, or calendar months)."""

    def __init__(self, as_of: datetime.date, interval: str, horizon: int):
        if interval == "week":
            monday = as_of - datetime.timedelta(days=as_of.weekday())
            self.starts = [monday + datetime.timedelta(days=7 * k) for k in range(horizon)]
            self.end = monday + datetime.timedelta(days=7 * horizon)
        else:
            first = as_of.replace(day=1)
            self.starts = []
            for _ in range(horizon):
                self.starts.append(first)
                first = add_months(first, 1)
            self.end = first
        self.start_days = np.array([day_of(d) for d in self.starts], dtype=np.int64)
        self.end_day = day_of(self.end)


def forecast_partial(it: pd.DataFrame, book: _Book, A: int, base: str, delay: np.ndarray,
                     resolution: dict[str, int], periods: _Periods) -> Partial:
    """cash_forecast: per period row (horizon, later, unforecast): Σ conv(bal_A, A),
    promised part and item count."""
    horizon = len(periods.starts)
    rows_n = horizon + 2
    t = it["type"].to_numpy()
    cat = it["cat"].to_numpy()
    sel = (((t == T_INVOICE) | (t == T_DEBIT)) & (cat != C_LITIGATION) & (cat != C_IGNORED)
           & (it["issue"].to_numpy() <= A) & (it["bal_a"].to_numpy() > 0))
    it = it[sel]
    cat = cat[sel]
    promise = it["promise"].to_numpy()
    promised = (cat == C_PROMISE) & (promise != NO_DATE) & (promise >= A)
    day = it["due"].to_numpy() + delay[it["cust"].to_numpy()]
    disp = cat == C_DISPUTE
    unforecast = np.zeros(len(it), dtype=bool)
    if disp.any():
        sub = it["sub"].to_numpy(dtype=object)
        add = np.array([resolution.get(s, NO_DATE) for s in sub[disp]], dtype=np.int64)
        unforecast[disp] = add == NO_DATE
        day[disp] = np.where(add == NO_DATE, day[disp], day[disp] + np.where(add == NO_DATE, 0, add))
    day = np.where(promised, promise, day)
    unforecast &= ~promised
    day = np.maximum(day, A)
    if (day[~unforecast] > _MAX_DAY).any():
        raise _core.CalculationError("expected payment date beyond 9999-12-31")
    k = np.searchsorted(periods.start_days, day, side="right") - 1
    row = np.where(day >= periods.end_day, horizon, k)
    row = np.where(unforecast, horizon + 1, row)
    v = book.rates.convert(it["bal_a"].to_numpy(), it["currency"].to_numpy(), A, base)
    return Partial({"amount": (Partial.SUM, group_sum(row, v, rows_n)),
                    "promised": (Partial.SUM, group_sum(row[promised], v[promised], rows_n)),
                    "items": (Partial.SUM, group_sum(row, np.ones(len(row), dtype=np.int64), rows_n))})


def _partition_partial(fn: Callable[..., Partial], pair: tuple[pd.DataFrame, pd.DataFrame | None], book: _Book,
                       A: int, D0: int, *args: Any) -> Partial:
    return fn(with_balances(pair, A, D0), book, A, *args)


def _payer_of_pair(pair: tuple[pd.DataFrame, pd.DataFrame | None], book: _Book, A: int, W0: int, base: str) -> Partial:
    if pair[1] is None:
        return empty_payer_partial(book.n)
    return payer_partial(pair[1], book, A, W0, base)


# --- the public object ---------------------------------------------------------------

def _read_small_csv(path: str) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False, na_filter=False, encoding="utf-8-sig")


class DaskLedger:
    """A portfolio whose items (and allocations) are Dask DataFrames.

    customers, fx, company.json and disputes are small: they stay pandas / dicts and go
    through the engine's loader on the client (same validation, same messages). items
    and allocations are Dask DataFrames with the data-format.md columns (texts as read by
    ``dd.read_csv(..., dtype=str, keep_default_na=False)``, or Decimal/date values).

    ``report(name, as_of, ...)`` returns the same ReportFrame as
    ``dsocore.load(dir).report(name, as_of, ...)`` for the reports in SUPPORTED_REPORTS.
    """

    def __init__(self, customers: pd.DataFrame, items: "dd.DataFrame", allocations: "dd.DataFrame | None" = None, *,
                 fx: pd.DataFrame | None = None, company: Mapping[str, Any] | str | None = None,
                 disputes: pd.DataFrame | None = None, scenarios: Mapping[str, Any] | str | None = None,
                 split_every: int = 4):
        if not isinstance(items, dd.DataFrame):
            raise _core.UsageError(f"items: expected a dask DataFrame, got {type(items).__name__}")
        if allocations is not None and not isinstance(allocations, dd.DataFrame):
            raise _core.UsageError(f"allocations: expected a dask DataFrame, got {type(allocations).__name__}")
        for name, frame, allowed, required in (
                ("items", items, ITEM_COLUMNS, ("item_id", "customer_id", "issue_date", "amount")),
                ("allocations", allocations, ALLOCATION_COLUMNS, ("item_id", "date", "amount"))):
            if frame is None:
                continue
            unknown = [c for c in frame.columns if c not in allowed]
            if unknown:
                raise _core.DataError(f"{name}: unknown column {unknown[0]!r}; expected columns among "
                                      + ", ".join(allowed))
            missing = [c for c in required if c not in frame.columns]
            if missing:
                raise _core.DataError(f"{name}: missing required column {missing[0]!r}")
        company_obj = json.loads(company, parse_float=Decimal) if isinstance(company, str) else dict(company or {})
        # The engine validates customers, fx and company.json (an empty items table).
        empty_items = pd.DataFrame({"item_id": [], "customer_id": [], "issue_date": [], "amount": []})
        self._reference = Ledger.from_frames(customers, empty_items, fx=fx, company=company, scenarios=scenarios)
        canonical = pd.read_csv(_StringIO(self._reference.file_text("customers.csv")), dtype=str,
                                keep_default_na=False, na_filter=False)
        for c in ("entity", "currency", "payment_terms_days", "insurance_max_extension_days") + GROUPABLE[1:-1]:
            if c not in canonical.columns:
                canonical[c] = ""
        fx_rows: list[tuple[int, str, int]] = []
        currencies = {str(company_obj.get("base_currency") or "EUR")}
        currencies |= set(canonical["currency"]) - {""}
        if fx is not None:
            fx_text = _read_small_csv_text(self._reference.file_text("fx.csv"))
            for d, c, r in zip(fx_text["date"], fx_text["currency"], fx_text["rate"]):
                fx_rows.append((day_of(datetime.date.fromisoformat(d)), c, int(Decimal(r).scaleb(10))))
                currencies.add(c)
        self._minor = {c: self._minor_units(c) for c in sorted(currencies)}
        self._company = company_obj
        if disputes is not None:
            disputes = _as_text(disputes)
        self._book = _Book(canonical, company_obj, fx_rows, self._minor, disputes, allocations is not None)
        self._items_raw = items
        self._allocations_raw = allocations
        self.split_every = split_every
        self._typed = items.map_partitions(parse_items, self._book, meta=_ITEM_META)
        self._book_key = dask.delayed(self._book, pure=True)
        self._pairs: list[Any] | None = None
        self._persist = False
        self._partials: dict[bytes, Partial] = {}

    # -- construction helpers --

    def _minor_units(self, code: str) -> int:
        # The engine's (ICU's) minor unit of a currency: the scale of a report's amounts in it.
        t = self._reference.report("aging", "2000-01-01", base_currency=code)
        kind = t.column_types["total"]
        return int(kind[len("decimal("):-1])

    def persist(self) -> "DaskLedger":
        """Parses (and with allocations co-partitions) the data once and keeps it in the
        workers' memory: later reports only map and reduce."""
        self._persist = True
        self._pairs = None
        self._partials = {}
        self._prepared()
        return self

    @property
    def base_currency(self) -> str:
        return self._book.company_base

    @property
    def npartitions(self) -> int:
        return self._items_raw.npartitions

    # -- reports --

    def report(self, name: str, as_of: str | datetime.date, *, base_currency: str | None = None,
               by: str | None = None, where: str | None = None, options: Mapping[str, Any] | None = None,
               **kwargs: Any) -> ReportFrame:
        """Runs a report over the partitions; same signature and result as Ledger.report."""
        if name not in SUPPORTED_REPORTS:
            raise _core.UsageError(f"report {name!r} is not computed by dsocore.dask; supported: "
                                   + ", ".join(SUPPORTED_REPORTS) + " (use dsocore.load(...) for the others)")
        if where:
            raise _core.UsageError("dsocore.dask does not apply --where filters; filter the Dask DataFrames "
                                   "(and customers) before building the DaskLedger")
        from ._ledger import _option_text
        opts: dict[str, str] = {}
        for key, value in kwargs.items():
            opts[key.replace("_", "-")] = _option_text(key, value)
        for key, value in (options or {}).items():
            opts[key] = _option_text(key, value)
        allowed = SUPPORTED_REPORTS[name]
        for k in opts:
            if k not in allowed:
                raise _core.UsageError(f"report {name} has no option --{k}" +
                                       (f"; its options: --{', --'.join(sorted(allowed))}" if allowed else ""))
        if by and name not in _GROUPED:
            raise _core.UsageError(f"report {name} has no --by (its rows are not grouped by customer field)")
        by = by or "customer"
        if by not in GROUPABLE:
            raise _core.UsageError(f"unknown --by '{by}'; expected one of " + ", ".join(GROUPABLE))
        as_of_d = datetime.date.fromisoformat(_date_text(as_of, "as_of"))
        base = base_currency or self._book.company_base
        if base not in self._minor:
            # A base currency met for the first time: its minor unit (the engine raises for
            # an unknown code), in a new book; the persisted partitions keep theirs.
            self._minor[base] = self._minor_units(base)
            book = copy.copy(self._book)
            book.minor = dict(self._minor)
            book.rates = copy.copy(book.rates)
            book.rates.minor = dict(self._minor)
            self._book = book
            self._book_key = dask.delayed(book, pure=True)
        return getattr(self, "_" + name)(as_of_d, base, by, opts)

    def aging(self, as_of: str | datetime.date, *, buckets: Iterable[int] | str | None = None,
              by: str | None = None, **kwargs: Any) -> ReportFrame:
        if buckets is not None:
            kwargs["buckets"] = buckets if isinstance(buckets, str) else list(buckets)
        return self.report("aging", as_of, by=by, **kwargs)

    def dso(self, as_of: str | datetime.date, **kwargs: Any) -> ReportFrame:
        return self.report("dso", as_of, **kwargs)

    def payment_profile(self, as_of: str | datetime.date, **kwargs: Any) -> ReportFrame:
        return self.report("payment_profile", as_of, **kwargs)

    def risk(self, as_of: str | datetime.date, **kwargs: Any) -> ReportFrame:
        return self.report("risk", as_of, **kwargs)

    def cash_forecast(self, as_of: str | datetime.date, **kwargs: Any) -> ReportFrame:
        return self.report("cash_forecast", as_of, **kwargs)

    # -- the distributed part --

    def _prepared(self) -> list[Any]:
        """The co-partitions (items, their allocations), built once: items parsed per
        partition, then items and allocations shuffled on the item key into the same
        number of partitions, so that partition k of each holds the same items."""
        if self._pairs is None:
            book = self._book_key
            n = self._typed.npartitions
            # Shuffled on the item key even without allocations: a duplicate item lands in
            # one partition, where prepare_pair finds it (the loader's uniqueness rule).
            items = self._typed.shuffle("_key", npartitions=n, shuffle="tasks")
            if self._allocations_raw is None:
                pairs = [dask.delayed(prepare_pair, pure=True)(p, None, book) for p in items.to_delayed()]
            else:
                al = self._allocations_raw.map_partitions(_as_alloc_text, meta=_ALLOC_TEXT_META)
                al = al.shuffle("_key", npartitions=n, shuffle="tasks")
                pairs = [dask.delayed(prepare_pair, pure=True)(p, q, book)
                         for p, q in zip(items.to_delayed(), al.to_delayed())]
            self._pairs = list(dask.persist(*pairs)) if self._persist else pairs
        return self._pairs

    def _reduce(self, fn: Callable[..., Partial], A: int, D0: int, *args: Any) -> Partial:
        """Each co-partition → one Partial (with its balances at A and D0), merged as a tree."""
        return self._memo((fn.__name__, A, D0) + args, lambda: tree_reduce(
            [dask.delayed(_partition_partial, pure=True)(fn, p, self._book_key, A, D0, *args)
             for p in self._prepared()], self.split_every).compute())

    def _payer(self, as_of: datetime.date, base: str, window: str) -> Partial:
        A = day_of(as_of)
        W0 = day_of(window_start(window, as_of))
        return self._memo(("payer", A, W0, base), lambda: tree_reduce(
            [dask.delayed(_payer_of_pair, pure=True)(p, self._book_key, A, W0, base) for p in self._prepared()],
            self.split_every).compute())

    def _memo(self, key: tuple[Any, ...], compute: Callable[[], Partial]) -> Partial:
        """Merged partials of persisted data are kept (a few integers per customer, the
        last 16): another --by, or cash_forecast after payment_profile, only finalizes."""
        if not self._persist:
            return compute()
        k = pickle.dumps(key)
        if k not in self._partials:
            if len(self._partials) >= 16:
                self._partials.pop(next(iter(self._partials)))
            self._partials[k] = compute()
        return self._partials[k]

    # -- grouping and finalize --

    def _groups(self, by: str) -> tuple[list[str], list[tuple[str, ...]], np.ndarray]:
        """key columns, sorted distinct keys, group of each customer (engine.cpp make_grouping)."""
        C = self._book.customers
        if by == "customer":
            ent = C["entity"].where(C["entity"] != "", "MAIN")
            keys = list(zip(ent.tolist(), C["customer_id"].tolist()))
            cols = ["entity", "customer_id"]
        elif by == "total":
            keys = [("TOTAL",)] * len(C)
            cols = ["key"]
        else:
            keys = [(v,) for v in C[by].tolist()]
            cols = [by]
        # Bytewise order of UTF-8 = code point order of str.
        distinct = sorted(set(keys), key=lambda k: tuple(s.encode("utf-8") for s in k))
        pos = {k: g for g, k in enumerate(distinct)}
        return cols, distinct, np.array([pos[k] for k in keys], dtype=np.int64)

    def _frame(self, name: str, as_of: datetime.date, base: str, columns: list[tuple[str, str, int, list[Any]]]
               ) -> ReportFrame:
        data: dict[str, Any] = {}
        types: dict[str, str] = {}
        for col, kind, scale, values in columns:
            n = len(values)
            if kind == "decimal":
                data[col] = np.array([None if v is None else _units_decimal(v, scale) for v in values] or [],
                                     dtype=object)
            elif kind == "text":
                data[col] = np.array(values, dtype=object)
            elif kind == "date":
                arr = np.array([None if v is None else date_of(v) for v in values], dtype=object)
                data[col] = arr
            elif kind == "integer":
                nulls = np.array([v is None for v in values], dtype=bool)
                payload = np.array([0 if v is None else v for v in values], dtype=np.int64)
                data[col] = column_values(kind, payload, n, nulls if nulls.any() else None)
            elif kind == "boolean":
                nulls = np.array([v is None for v in values], dtype=bool)
                payload = np.array([bool(v) for v in values], dtype=bool)
                data[col] = column_values(kind, payload, n, nulls if nulls.any() else None)
            types[col] = kind if kind != "decimal" else f"decimal({scale})"
        frame = ReportFrame(data, copy=False)
        object.__setattr__(frame, "report", name)
        object.__setattr__(frame, "as_of", as_of)
        object.__setattr__(frame, "base_currency", base)
        object.__setattr__(frame, "column_types", types)
        return frame

    @staticmethod
    def _sum_groups(values: np.ndarray, group: np.ndarray, n_groups: int, obj: bool = False) -> np.ndarray:
        """Per-group sums of per-customer figures (exact)."""
        if values.ndim == 1:
            if obj:
                return group_sum_object(group, values, n_groups)
            out = np.zeros(n_groups, dtype=object)
            np.add.at(out, group, values.astype(object))
            for v in out:
                _check_i64(v, "sum of amounts")
            return out
        cols = [DaskLedger._sum_groups(values[:, k], group, n_groups) for k in range(values.shape[1])]
        return np.stack(cols, axis=1)

    def _aging(self, as_of: datetime.date, base: str, by: str, opts: dict[str, str]) -> ReportFrame:
        bounds = _parse_buckets(opts.get("buckets", ",".join(str(b) for b in self._book.aging_buckets)))
        A = day_of(as_of)
        p = self._reduce(aging_partial, A, A, base, bounds)
        cols, keys, group = self._groups(by)
        acc = self._sum_groups(p["acc"], group, len(keys))
        count = self._sum_groups(p["count"], group, len(keys))
        scale = self._minor[base]
        names = ["not_due"] + _bucket_names(bounds)
        out_keys, out_vals = [], []
        for g, k in enumerate(keys):
            if count[g] == 0:
                continue
            out_keys.append(k)
            row = [int(x) for x in acc[g]]
            total = _check_i64(sum(row), "aging total")
            out_vals.append(row + [total, _check_i64(total - row[0], "aging overdue")])
        columns = [(c, "text", 0, [k[j] for k in out_keys]) for j, c in enumerate(cols)]
        for j, n in enumerate(names + ["total", "overdue"]):
            columns.append((n, "decimal", scale, [r[j] for r in out_vals]))
        return self._frame("aging", as_of, base, columns)

    def _dso(self, as_of: datetime.date, base: str, by: str, opts: dict[str, str]) -> ReportFrame:
        method = _enum(opts, "method", "countback", ("standard", "countback", "average"))
        P = _int_option(opts, "period", 90, 1, 3660)
        calendar = _enum(opts, "calendar", "month", ("month", "445"))
        if calendar == "445" and method == "countback":
            raise _core.UsageError("dsocore.dask does not compute --calendar 445 countback periods; "
                                   "use dsocore.load(...).report('dso', ...) for the fiscal calendar")
        A = day_of(as_of)
        periods = countback_periods(as_of) if method == "countback" else []
        p = self._reduce(dso_partial, A, A - P, base, P, periods, method == "average")
        cols, keys, group = self._groups(by)
        G = len(keys)
        ar = self._sum_groups(p["ar"], group, G)
        notdue = self._sum_groups(p["notdue"], group, G)
        sales = self._sum_groups(p["sales"], group, G)
        psales = self._sum_groups(p["psales"], group, G) if periods else None
        ar0 = self._sum_groups(p["ar0"], group, G) if method == "average" else None
        dso, bp, add, note = [], [], [], []
        days = [last - first + 1 for first, last in periods]
        for g in range(G):
            notes = []
            S = int(sales[g])
            s_ok = S > 0
            if method == "countback":
                num, den, capped = countback(int(ar[g]), list(zip(days, [int(x) for x in psales[g]])))
                dso.append(ratio_units(num, den))
                if capped:
                    notes.append("capped")
            elif not s_ok:
                dso.append(None)
            elif method == "standard":
                dso.append(ratio_units(int(ar[g]) * P, S))
            else:
                dso.append(ratio_units((int(ar0[g]) + int(ar[g])) * P, S * 2))
            if s_ok:
                bp.append(ratio_units(int(notdue[g]) * P, S))
                add.append(ratio_units((int(ar[g]) - int(notdue[g])) * P, S))
            else:
                bp.append(None)
                add.append(None)
                notes.append("no_sales")
            note.append("; ".join(notes))
        columns = [(c, "text", 0, [k[j] for k in keys]) for j, c in enumerate(cols)]
        columns += [("dso", "decimal", 1, dso), ("bpdso", "decimal", 1, bp), ("add", "decimal", 1, add),
                    ("note", "text", 0, note)]
        return self._frame("dso", as_of, base, columns)

    def _payment_profile(self, as_of: datetime.date, base: str, by: str, opts: dict[str, str]) -> ReportFrame:
        window = opts.get("window", "6m")
        p = self._payer(as_of, base, window)
        cols, keys, group = self._groups(by)
        G = len(keys)
        settled = self._sum_groups(p["settled"], group, G)
        w_late = self._sum_groups(p["w_late"], group, G, obj=True)
        w_pay = self._sum_groups(p["w_to_pay"], group, G, obj=True)
        on_time = self._sum_groups(p["on_time"], group, G)
        count = self._sum_groups(p["count"], group, G)
        late_c, pay_c, on_c, prof = [], [], [], []
        for g in range(G):
            s = int(settled[g])
            if s > 0:
                late_c.append(ratio_units(int(w_late[g]), s))
                pay_c.append(ratio_units(int(w_pay[g]), s))
                on_c.append(ratio_units(int(on_time[g]) * 100, s))
                prof.append(self._profile(int(w_late[g]), s))
            else:
                late_c.append(None)
                pay_c.append(None)
                on_c.append(None)
                prof.append("unknown")
        columns = [(c, "text", 0, [k[j] for k in keys]) for j, c in enumerate(cols)]
        columns += [("avg_days_late", "decimal", 1, late_c), ("avg_days_to_pay", "decimal", 1, pay_c),
                    ("on_time_pct", "decimal", 1, on_c), ("settled", "decimal", self._minor[base],
                                                          [int(x) for x in settled]),
                    ("count", "integer", 0, [int(x) for x in count]), ("profile", "text", 0, prof)]
        return self._frame("payment_profile", as_of, base, columns)

    def _profile(self, w_late: int, settled: int) -> str:
        """payer_profile(): the first threshold with the exact average ≤ its bound."""
        avg = Fraction(w_late, settled)
        for name, bound in self._book.payer_profiles:
            if bound is None or avg <= Fraction(bound):
                return name
        return self._book.payer_profiles[-1][0]

    def _risk(self, as_of: datetime.date, base: str, by: str, opts: dict[str, str]) -> ReportFrame:
        A = day_of(as_of)
        p = self._reduce(risk_partial, A, A, base)
        # Limits, guarantees and ratings are customer data: the engine's own risk figures
        # per customer on the customers-only ledger (conv at A, temporary guarantee rule).
        ref = self._reference.report("risk", as_of, base_currency=base, by="customer")
        scale = self._minor[base]
        pos = {k: r for r, k in enumerate(zip(ref["entity"].tolist(), ref["customer_id"].tolist()))}
        C = self._book.customers
        ent = C["entity"].where(C["entity"] != "", "MAIN").tolist()
        order = [pos[(e, c)] for e, c in zip(ent, C["customer_id"].tolist())]
        lim_dec = ref["credit_limit"].tolist()
        has_limit = np.array([lim_dec[r] is not None for r in order], dtype=bool)
        limit = [0 if lim_dec[r] is None else int(lim_dec[r].scaleb(scale)) for r in order]
        ins_dec = ref["insured"].tolist()
        insured = [int(ins_dec[r].scaleb(scale)) for r in order]
        ref_rating = ref["rating"].tolist()
        rating = [ref_rating[r] for r in order]
        cols, keys, group = self._groups(by)
        G = len(keys)
        outstanding = self._sum_groups(p["outstanding"], group, G)
        overdue = self._sum_groups(p["overdue"], group, G)
        g_limit = self._sum_groups(np.array(limit, dtype=object), group, G)
        g_has = np.zeros(G, dtype=bool)
        np.logical_or.at(g_has, group, has_limit)
        g_ins = self._sum_groups(np.array(insured, dtype=object), group, G)
        g_dead = np.full(G, _NO_DEADLINE, dtype=np.int64)
        np.minimum.at(g_dead, group, p["deadline"])
        g_rating = [""] * G
        for c, g in enumerate(group):
            r = rating[c] or ""
            if r.encode("utf-8") > g_rating[g].encode("utf-8"):
                g_rating[g] = r
        out = {k: [] for k in ("lim", "head", "util", "ol", "unins", "dl", "days")}
        for g in range(G):
            o, lim = int(outstanding[g]), int(g_limit[g])
            if g_has[g]:
                out["lim"].append(lim)
                out["head"].append(_check_i64(lim - o, "headroom"))
                out["util"].append(ratio_units(o * 100, lim) if lim > 0 else None)
                out["ol"].append(o > lim)
            else:
                for k in ("lim", "head", "util", "ol"):
                    out[k].append(None)
            out["unins"].append(max(0, _check_i64(o - int(g_ins[g]), "uninsured")))
            d = int(g_dead[g])
            out["dl"].append(None if d == _NO_DEADLINE else d)
            out["days"].append(None if d == _NO_DEADLINE else d - A)
        columns = [(c, "text", 0, [k[j] for k in keys]) for j, c in enumerate(cols)]
        columns += [("outstanding", "decimal", scale, [int(x) for x in outstanding]),
                    ("overdue", "decimal", scale, [int(x) for x in overdue]),
                    ("credit_limit", "decimal", scale, out["lim"]), ("headroom", "decimal", scale, out["head"]),
                    ("utilisation_pct", "decimal", 1, out["util"]), ("over_limit", "boolean", 0, out["ol"]),
                    ("insured", "decimal", scale, [int(x) for x in g_ins]), ("uninsured", "decimal", scale,
                                                                              out["unins"]),
                    ("declaration_deadline", "date", 0, out["dl"]), ("days_to_deadline", "integer", 0, out["days"]),
                    ("rating", "text", 0, g_rating)]
        return self._frame("risk", as_of, base, columns)

    def _cash_forecast(self, as_of: datetime.date, base: str, by: str, opts: dict[str, str]) -> ReportFrame:
        window = opts.get("window", "6m")
        interval = _enum(opts, "interval", "month", ("week", "month"))
        horizon = _int_option(opts, "horizon", 12, 1, 1000)
        A = day_of(as_of)
        W0 = day_of(window_start(window, as_of))
        payer = self._payer(as_of, base, window)  # first reduction: each customer's delay
        delay = np.zeros(self._book.n, dtype=np.int64)
        for c in range(self._book.n):
            s = int(payer["settled"][c])
            if s > 0:
                delay[c] = round_div(int(payer["w_late"][c]), s, "half_up")
        resolution = self._resolution(A, W0)
        periods = _Periods(as_of, interval, horizon)
        p = self._reduce(forecast_partial, A, A, base, delay, resolution, periods)
        scale = self._minor[base]
        starts = [d.isoformat() for d in periods.starts] + ["later", "unforecast"]
        columns = [("period_start", "text", 0, starts), ("amount", "decimal", scale, [int(x) for x in p["amount"]]),
                   ("items", "integer", 0, [int(x) for x in p["items"]]),
                   ("promised", "decimal", scale, [int(x) for x in p["promised"]])]
        return self._frame("cash_forecast", as_of, base, columns)

    def _resolution(self, A: int, W0: int) -> dict[str, int]:
        """Average resolution days per dispute type, disputes closed in (W0, A], rounded
        half away from zero (cash_forecast.cpp)."""
        D = self._book.disputes
        if D is None or len(D) == 0:
            return {}
        keys = D["dispute_id"] if "dispute_id" in D.columns else D.index.to_series().astype(str)
        opened = parse_days(D["opened_date"], "disputes.csv opened_date", keys, True)
        closed = parse_days(D["closed_date"] if "closed_date" in D.columns else pd.Series([""] * len(D)),
                            "disputes.csv closed_date", keys, False)
        total: dict[str, list[int]] = {}
        for t, o, c in zip(D["type"].tolist(), opened.tolist(), closed.tolist()):
            if c == NO_DATE or c <= W0 or c > A:
                continue
            acc = total.setdefault(t, [0, 0])
            acc[0] += c - o
            acc[1] += 1
        return {t: round_div(s, n, "half_up") for t, (s, n) in total.items()}


# --- finalize helpers ----------------------------------------------------------------

def countback(ar: int, periods: list[tuple[int, int]]) -> tuple[int, int, bool]:
    """dso.cpp countback(): DSO as num/den, and whether the 24 periods were exhausted."""
    if ar <= 0:
        return 0, 1, False
    remaining, full = ar, 0
    for days, sales in periods:
        if remaining >= sales:
            full += days
            remaining -= sales
            if remaining <= 0:
                return full, 1, False
            continue
        return full * sales + remaining * days, sales, False
    return full, 1, True


def _parse_buckets(text: str) -> list[int]:
    parts = text.split(",")
    out: list[int] = []
    for p in parts:
        if not re.fullmatch(r"[+]?[0-9]+", p or "x") or not (0 < int(p) <= 100000) or (out and int(p) <= out[-1]):
            raise _core.UsageError(f"--buckets '{text}': expected ascending positive day counts such as 30,60,90")
        out.append(int(p))
    return out


def _bucket_names(bounds: list[int]) -> list[str]:
    names, lo = [], 1
    for b in bounds:
        names.append(f"{lo}-{b}")
        lo = b + 1
    return names + [f"{lo}+"]


def _enum(opts: Mapping[str, str], name: str, default: str, allowed: tuple[str, ...]) -> str:
    v = opts.get(name, default)
    if v not in allowed:
        raise _core.UsageError(f"--{name} '{v}': expected one of " + ", ".join(allowed))
    return v


def _int_option(opts: Mapping[str, str], name: str, default: int, lo: int, hi: int) -> int:
    v = opts.get(name, "")
    if v == "":
        return default
    if not re.fullmatch(r"[+-]?[0-9]+", v) or not lo <= int(v) <= hi:
        raise _core.UsageError(f"--{name} '{v}': expected a whole number {lo}..{hi}")
    return int(v)


# --- text plumbing -------------------------------------------------------------------



def _read_small_csv_text(text: str) -> pd.DataFrame:
    return pd.read_csv(_StringIO(text), dtype=str, keep_default_na=False, na_filter=False)


_ALLOC_TEXT_META = pd.DataFrame({"_key": pd.Series([], dtype=object), "entity": pd.Series([], dtype=object), "item_id": pd.Series([], dtype=object),
                                 "date": pd.Series([], dtype=object), "alloc_amount": pd.Series([], dtype=object)})


def _as_alloc_text(part: pd.DataFrame) -> pd.DataFrame:
    part = _as_text(part)
    n = len(part)
    ent = part["entity"] if "entity" in part.columns else pd.Series([""] * n, index=part.index, dtype=object)
    ent = ent.where(ent != "", "MAIN").astype(object)
    return pd.DataFrame({"_key": ent.str.cat(part["item_id"].astype(object), sep="\x1f"),
                         "entity": ent, "item_id": part["item_id"].astype(object),
                         "date": part["date"].astype(object), "alloc_amount": part["amount"].astype(object)},
                        index=part.index)


def read_directory(directory: str | os.PathLike[str], *, blocksize: str | int | None = "64MB",
                   split_every: int = 4) -> DaskLedger:
    """A DaskLedger over a data directory: items.csv and allocations.csv read with
    dd.read_csv in blocks (one partition per block), the small files with pandas.

    Blocks are cut at line breaks: when a quoted field holds a line break (a comment on
    two lines), pass blocksize=None (one partition per file) or build the Dask frames
    yourself (Parquet, one CSV per partition)."""
    d = os.fspath(directory)

    def path(name: str) -> str:
        return os.path.join(d, name)

    def big(name: str) -> "dd.DataFrame":
        return dd.read_csv(path(name), dtype=str, keep_default_na=False, na_filter=False, blocksize=blocksize,
                           encoding="utf-8-sig")

    def text(name: str) -> str | None:
        if not os.path.exists(path(name)):
            return None
        with open(path(name), encoding="utf-8") as f:
            return f.read()

    return DaskLedger(
        _read_small_csv(path("customers.csv")), big("items.csv"),
        big("allocations.csv") if os.path.exists(path("allocations.csv")) else None,
        fx=_read_small_csv(path("fx.csv")) if os.path.exists(path("fx.csv")) else None,
        company=text("company.json"), scenarios=text("scenarios.json"),
        disputes=_read_small_csv(path("disputes.csv")) if os.path.exists(path("disputes.csv")) else None,
        split_every=split_every)

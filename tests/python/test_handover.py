"""The fast hand-over gives exactly the values of the plain cell-by-cell path.

Cell by cell = the printed text of each cell (Table.cell_text, the CSV's text) parsed in
Python: Decimal(text), date.fromisoformat(text), int(text). The fast path builds one
object per distinct value in C++; both must agree on every cell of every report of the
sample data, including the Decimal's exponent (str(Decimal) is the engine's text).
"""
import datetime
import numbers
from decimal import Decimal

import numpy as np
import pytest

import dsocore
from dsocore import _core, _frame
from conftest import AS_OF


def _assert_same(table):
    frame = _frame.to_frame(table)
    cells = _frame.cell_values(table)
    assert list(frame.columns) == list(cells)
    for name, expected in cells.items():
        got = frame[name].tolist()
        assert len(got) == len(expected), name
        for row, (g, e) in enumerate(zip(got, expected)):
            if e is None:
                assert g is None or g is dsocore._frame.pd.NA, (name, row, g)
                continue
            if isinstance(e, bool) or not isinstance(e, int):
                assert type(g) is type(e) or isinstance(g, np.bool_), (name, row, type(g), type(e))
            else:
                assert isinstance(g, numbers.Integral), (name, row, type(g))
            assert g == e, (name, row, g, e)
            if isinstance(e, Decimal):
                assert str(g) == str(e), (name, row, g, e)  # same digits, same exponent
    return frame


def _tables(ledger):
    yield ledger._core.agenda(AS_OF.isoformat(), 14, None)
    yield ledger._core.alerts(AS_OF.isoformat(), None, 15, 15, [])
    yield ledger._core.search(AS_OF.isoformat(), "", None, None, "")
    for name in dsocore.report_names():
        yield ledger._core.report(name, AS_OF.isoformat(), None, "", "", {}, None, "")
        if name in ("aging", "dso", "risk"):
            yield ledger._core.report(name, AS_OF.isoformat(), "USD", "total", "", {}, None, "")


def test_every_report_of_the_sample_same_values(sample):
    seen = set()
    for table in _tables(sample):
        frame = _assert_same(table)
        seen |= set(frame.column_types.values())
        assert table.row_count == len(frame)
    assert {"text", "decimal(2)", "date", "integer", "boolean"} <= seen


def test_penalties_row_digits(sample):
    # penalties mixes currencies (amounts in each item's own minor unit): a JPY row prints
    # no decimals. Both paths must keep each row's digits.
    t = sample._core.report("penalties", AS_OF.isoformat(), None, "", "", {}, None, "")
    _assert_same(t)


def test_synthetic_table_same_values():
    # Every value of these columns is distinct past the first rows: the encoder stops
    # sharing after 65,536 rows (see handover.cpp) and makes one object per row.
    _assert_same(_core.synthetic_table(70_000))


def test_decimal_objects_by_hand():
    units = np.array([0, 5, -5, 1230, -100, 2**63 - 1, -(2**63), 0, 5], dtype=np.int64)
    nulls = np.array([False] * 7 + [True, False])
    got = _core.decimal_objects(units, 2, None, nulls).tolist()
    # units x 10^-2 written by hand; the exponent stays -2 (0.00, not 0).
    assert [str(x) for x in got[:7]] == ["0.00", "0.05", "-0.05", "12.30", "-1.00", "92233720368547758.07",
                                        "-92233720368547758.08"]
    assert got[7] is None and got[8] is got[1]  # one object per distinct value
    # digits: row printed with fewer digits (units a multiple of 10^(scale-digits)).
    d = _core.decimal_objects(np.array([1200, 1200, 5], dtype=np.int64), 2, np.array([0, 2, 2], dtype=np.int8))
    assert [str(x) for x in d] == ["12", "12.00", "0.05"]
    with pytest.raises(dsocore.UsageError):
        _core.decimal_objects(np.array([1234], dtype=np.int64), 2, np.array([0], dtype=np.int8))
    assert str(_core.decimal_objects(np.array([7], dtype=np.int64), 0)[0]) == "7"


def test_decimal_objects_many_distinct_equal_values():
    # 200,000 rows whose first half is all distinct (sharing stops) and whose second half
    # repeats: every row still holds the exact value.
    n = 200_000
    units = np.concatenate([np.arange(n // 2, dtype=np.int64) * 7 - 3, np.full(n // 2, 250, dtype=np.int64)])
    got = _core.decimal_objects(units, 2)
    assert got[0] == Decimal("-0.03") and got[n // 2 - 1] == Decimal((n // 2 - 1) * 7 - 3) / 100
    assert all(v == Decimal("2.50") and str(v) == "2.50" for v in got[n // 2:])
    assert sum(got, Decimal(0)) == Decimal(sum(int(u) for u in units)) / 100  # exact, no float


def test_date_objects_narrow_and_wide_spans():
    epoch = datetime.date(1970, 1, 1).toordinal()
    narrow = np.array([20000, 20001, 20000, 0], dtype=np.int32)
    got = _core.date_objects(narrow, np.array([False, False, False, True]))
    assert got[0] == datetime.date.fromordinal(epoch + 20000) == datetime.date(2024, 10, 4)
    assert got[2] is got[0] and got[3] is None
    wide = np.array([-719162, 2932896, 0, 20634], dtype=np.int32)  # 0001-01-01, 9999-12-31: the hash path
    assert _core.date_objects(wide).tolist() == [datetime.date(1, 1, 1), datetime.date(9999, 12, 31),
                                                 datetime.date(1970, 1, 1), datetime.date(2026, 6, 30)]


def test_text_with_nul_and_unicode(tiny_frames):
    customers, items = tiny_frames
    customers = customers.assign(name=["Zoë \u202f€", "B\u00e9ta"])
    ledger = dsocore.Ledger.from_frames(customers, items)
    t = ledger._core.search(AS_OF.isoformat(), "", None, None, "")
    frame = _assert_same(t)
    assert frame["name"].tolist() == ["Zoë \u202f€", "B\u00e9ta"]

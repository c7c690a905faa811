"""dsocore.dask: reports over Dask partitions equal the single-process engine's, to the cent.

Runs on a distributed.LocalCluster with 2 workers (threads, processes=False: the
machine has 2 cores). Data: examples/data split into several partitions, a generated
portfolio (benchmarks/gen_data, 50,000 items; a seeded Python generator when the
benchmarks are not built), and DataFrames made in Python. The algebra of the partials
(exact sums, merges in any order, overflow) is checked on hand-worked cases.
"""

from __future__ import annotations

import datetime
import itertools
import os
import subprocess
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest

import dask.dataframe as dd
from distributed import Client, LocalCluster

import dsocore
import dsocore.dask as dk

AS_OF = "2026-06-30"


@pytest.fixture(scope="module")
def client():
    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None)
    c = Client(cluster)
    yield c
    c.close()
    cluster.close()


def assert_identical(single: dsocore.ReportFrame, scaled: dsocore.ReportFrame) -> None:
    """Same columns, dtypes, values (Decimal text included) and report metadata."""
    assert list(scaled.columns) == list(single.columns)
    assert (scaled.report, scaled.as_of, scaled.base_currency) == (single.report, single.as_of, single.base_currency)
    assert scaled.column_types == single.column_types
    pd.testing.assert_frame_equal(pd.DataFrame(scaled), pd.DataFrame(single), check_exact=True)
    for c, kind in single.column_types.items():
        if kind.startswith("decimal"):  # same digits, not only the same value: 10.50 is not 10.5
            assert [None if v is None else str(v) for v in scaled[c]] == \
                   [None if v is None else str(v) for v in single[c]], c


# Every supported report, with the options and groupings that change the computation.
CASES = [
    ("aging", {}),
    ("aging", {"buckets": [15, 45, 120]}),
    ("aging", {"by": "legal_id"}),
    ("aging", {"by": "total", "base_currency": "USD"}),
    ("dso", {}),
    ("dso", {"method": "standard"}),
    ("dso", {"method": "standard", "period": 30, "by": "group_code"}),
    ("dso", {"method": "average", "period": 60}),
    ("dso", {"method": "countback", "by": "country", "base_currency": "GBP"}),
    ("payment_profile", {}),
    ("payment_profile", {"window": "12m", "by": "collector"}),
    ("payment_profile", {"window": "90d", "base_currency": "USD"}),
    ("risk", {}),
    ("risk", {"by": "legal_id"}),
    ("risk", {"by": "parent_id", "base_currency": "USD"}),
    ("cash_forecast", {}),
    ("cash_forecast", {"interval": "week", "horizon": 8}),
    ("cash_forecast", {"window": "12m", "base_currency": "GBP"}),
]


@pytest.fixture(scope="module")
def sample_book(client, sample_dir):
    book = dk.read_directory(sample_dir, blocksize=60_000).persist()
    assert book.npartitions >= 5  # items.csv (~480 kB) really is split
    return book


@pytest.mark.parametrize("name,kwargs", CASES, ids=[f"{n}-{'-'.join(map(str, k.values())) or 'default'}"
                                                     for n, k in CASES])
def test_sample_data_identical(sample, sample_book, name, kwargs):
    assert_identical(sample.report(name, AS_OF, **kwargs), sample_book.report(name, AS_OF, **kwargs))


def test_sample_other_dates_and_every_grouping(sample, sample_book):
    for as_of in ("2025-12-31", "2026-03-15"):
        for name in dk.SUPPORTED_REPORTS:
            assert_identical(sample.report(name, as_of), sample_book.report(name, as_of))
    for by in dk.GROUPABLE:
        assert_identical(sample.report("aging", AS_OF, by=by), sample_book.report("aging", AS_OF, by=by))


# --- a generated portfolio ----------------------------------------------------------

def _python_portfolio(n_items: int, seed: int = 7):
    """Customers, items (with statuses), allocations, fx and disputes, seeded."""
    rng = np.random.default_rng(seed)
    n_cust = max(20, n_items // 50)
    ents = np.where(np.arange(n_cust) % 3 == 0, "DE01", "FR01")
    curs = np.array(["EUR", "EUR", "USD", "GBP"])[np.arange(n_cust) % 4]
    customers = pd.DataFrame({
        "entity": ents, "customer_id": [f"K{c:05d}" for c in range(n_cust)],
        "currency": curs, "payment_terms_days": (30 + 15 * (np.arange(n_cust) % 3)).astype(str),
        "credit_limit": [f"{(c % 7) * 5000}.00" if c % 5 else "" for c in range(n_cust)],
        "legal_id": [f"L{c // 3}" for c in range(n_cust)],
        "insurance_max_extension_days": ["90" if c % 4 == 0 else "" for c in range(n_cust)],
        "rating": np.array(["A", "B", "C", "D", ""])[np.arange(n_cust) % 5]})
    cust = rng.integers(0, n_cust, n_items)
    start = datetime.date(2025, 1, 1).toordinal()
    issue = start + rng.integers(0, 546, n_items)
    kind = rng.choice(["invoice", "invoice", "invoice", "invoice", "credit_note", "debit_note", "payment"], n_items)
    cents = rng.integers(100, 2_000_000, n_items)
    cents = np.where(np.isin(kind, ["credit_note", "payment"]), -cents // 10 - 1, cents)
    settled = rng.random(n_items) < 0.7
    partial = rng.random(n_items) < 0.1
    open_cents = np.where(settled, 0, np.where(partial, cents // 3, cents))
    status = rng.choice(["", "", "", "", "promise", "dispute:price", "dispute:quality", "litigation", "info:called"],
                        n_items)
    items = pd.DataFrame({
        "entity": ents[cust], "item_id": [f"D{i:07d}" for i in range(n_items)],
        "customer_id": customers["customer_id"].to_numpy()[cust], "type": kind,
        "issue_date": [datetime.date.fromordinal(int(d)) for d in issue],
        "currency": curs[cust],
        "amount": [Decimal(int(c)).scaleb(-2) for c in cents],
        "open_amount": [Decimal(int(c)).scaleb(-2) for c in open_cents],
        "status": status,
        "promise_date": [datetime.date.fromordinal(int(d) + 60) if s == "promise" else None
                         for d, s in zip(issue, status)]})
    rows = []
    for i in np.nonzero(open_cents != cents)[0]:
        paid = int(cents[i] - open_cents[i])
        d1 = int(issue[i]) + int(rng.integers(5, 120))
        if abs(paid) >= 2 and rng.random() < 0.4:  # two allocations
            half = paid // 2
            rows.append((ents[cust[i]], f"D{i:07d}", datetime.date.fromordinal(d1), Decimal(half).scaleb(-2)))
            rows.append((ents[cust[i]], f"D{i:07d}", datetime.date.fromordinal(d1 + 20),
                         Decimal(paid - half).scaleb(-2)))
        else:
            rows.append((ents[cust[i]], f"D{i:07d}", datetime.date.fromordinal(d1), Decimal(paid).scaleb(-2)))
    allocations = pd.DataFrame(rows, columns=["entity", "item_id", "date", "amount"])
    fx = pd.DataFrame([(datetime.date(2024, 12, 1) + datetime.timedelta(days=30 * k), c, r + Decimal(k) / 1000)
                       for k in range(24) for c, r in (("USD", Decimal("0.9243")), ("GBP", Decimal("1.1721")))],
                      columns=["date", "currency", "rate"])
    disputes = pd.DataFrame({
        "entity": ["FR01", "FR01", "DE01"], "dispute_id": ["P1", "P2", "P3"],
        "customer_id": customers["customer_id"].to_numpy()[[1, 2, 3]], "type": ["price", "price", "quality"],
        "opened_date": ["2026-01-10", "2026-02-01", "2026-03-01"],
        "closed_date": ["2026-02-14", "2026-04-02", ""], "item_ids": ["", "", ""]})
    return customers, items, allocations, fx, disputes


@pytest.fixture(scope="module")
def generated_dir(tmp_path_factory):
    """benchmarks/gen_data --items 50000 --no-actions (ctest passes its path); without
    the benchmarks the seeded Python portfolio of the same size, written as CSV."""
    d = tmp_path_factory.mktemp("gen50k")
    gen = os.environ.get("DSOCORE_GEN_DATA", "")
    if gen:
        subprocess.run([gen, str(d), "--items", "50000", "--no-actions"], check=True, capture_output=True)
    else:
        customers, items, allocations, fx, disputes = _python_portfolio(50_000)
        dsocore.Ledger.from_frames(customers, items, allocations, fx=fx).export(d)
    return str(d)


@pytest.fixture(scope="module")
def generated(client, generated_dir):
    ref = dsocore.load(generated_dir)
    assert ref.item_count >= 50_000
    book = dk.read_directory(generated_dir, blocksize=600_000).persist()
    assert book.npartitions >= 6
    return ref, book


@pytest.mark.parametrize("name,kwargs", [
    ("aging", {}), ("aging", {"by": "country"}), ("dso", {}), ("dso", {"method": "standard"}),
    ("dso", {"method": "average"}), ("payment_profile", {}), ("risk", {}), ("cash_forecast", {}),
    ("cash_forecast", {"interval": "week", "horizon": 10})])
def test_generated_50k_identical(generated, name, kwargs):
    ref, book = generated
    assert_identical(ref.report(name, AS_OF, **kwargs), book.report(name, AS_OF, **kwargs))


def test_python_frames_identical(client):
    """Dask DataFrames made from pandas frames holding Decimal and datetime.date values."""
    customers, items, allocations, fx, disputes = _python_portfolio(2_500, seed=11)
    ref = dsocore.Ledger.from_frames(customers, items, allocations, fx=fx,
                                     disputes=disputes.assign(item_ids=""))
    book = dk.DaskLedger(customers, dd.from_pandas(items, npartitions=5),
                         dd.from_pandas(allocations, npartitions=3), fx=fx, disputes=disputes).persist()
    for name in dk.SUPPORTED_REPORTS:
        assert_identical(ref.report(name, AS_OF), book.report(name, AS_OF))
    assert_identical(ref.report("dso", AS_OF, method="standard", by="legal_id"),
                     book.report("dso", AS_OF, method="standard", by="legal_id"))


# --- the partial / merge algebra, by hand -------------------------------------------

def _tiny():
    """Three items, as of 2026-06-30, base EUR, USD at 1.05 (from 2026-01-01):
    I1 C1 invoice EUR 100.00, issued 05-01, due 05-31 (dpd 30), 40.00 paid 06-10 → bal 60.00
    I2 C2 invoice USD 10.10, issued 06-01, due 07-01 (not due) → 1010 × 1.05 = 1060.5 → 1060 (half-even: 10.60)
    I3 C2 credit note USD -2.10, issued and due 04-01 (dpd 90) → -210 × 1.05 = -220.5 → -220 (-2.20)
    """
    customers = pd.DataFrame({"customer_id": ["C1", "C2"], "currency": ["EUR", "USD"]})
    items = pd.DataFrame({
        "item_id": ["I1", "I2", "I3"], "customer_id": ["C1", "C2", "C2"],
        "type": ["invoice", "invoice", "credit_note"],
        "issue_date": ["2026-05-01", "2026-06-01", "2026-04-01"], "due_date": ["2026-05-31", "2026-07-01", "2026-04-01"],
        "amount": ["100.00", "10.10", "-2.10"], "open_amount": ["60.00", "10.10", "-2.10"]})
    allocations = pd.DataFrame({"item_id": ["I1"], "date": ["2026-06-10"], "amount": ["40.00"]})
    fx = pd.DataFrame({"date": ["2026-01-01"], "currency": ["USD"], "rate": ["1.05"]})
    return customers, items, allocations, fx


def test_tiny_case_by_hand(client):
    customers, items, allocations, fx = _tiny()
    book = dk.DaskLedger(customers, dd.from_pandas(items, npartitions=3), dd.from_pandas(allocations, npartitions=1),
                         fx=fx).persist()
    ref = dsocore.Ledger.from_frames(customers, items, allocations, fx=fx)
    aging = book.aging(AS_OF)
    # C1: 60.00 in 1-30; C2: 10.60 not due, -2.20 in 61-90, total 8.40, overdue -2.20.
    assert aging[["customer_id", "not_due", "1-30", "61-90", "total", "overdue"]].values.tolist() == [
        ["C1", Decimal("0.00"), Decimal("60.00"), Decimal("0.00"), Decimal("60.00"), Decimal("60.00")],
        ["C2", Decimal("10.60"), Decimal("0.00"), Decimal("-2.20"), Decimal("8.40"), Decimal("-2.20")]]
    # Standard DSO over 90 days: S(2026-04-01, 2026-06-30] leaves I3 (issued on D0) out.
    # C1: 60.00 / 100.00 × 90 = 54.0; bpdso 0.0 (I1 is overdue); add 54.0.
    # C2: 8.40 / 10.60 × 90 = 71.32… → 71.3; bpdso 10.60 / 10.60 × 90 = 90.0; add -2.20 / 10.60 × 90 = -18.67… → -18.7.
    dso = book.dso(AS_OF, method="standard")
    assert dso[["dso", "bpdso", "add"]].values.tolist() == [
        [Decimal("54.0"), Decimal("0.0"), Decimal("54.0")], [Decimal("71.3"), Decimal("90.0"), Decimal("-18.7")]]
    # Payment profile, window 6m = (2025-12-31, 2026-06-30]: C1 paid 40.00 on 06-10,
    # 10 days after due (late, slightly_late ≤ 15), 40 days after issue; C2 unknown.
    pp = book.payment_profile(AS_OF)
    assert pp[["avg_days_late", "avg_days_to_pay", "on_time_pct", "settled", "count", "profile"]].values.tolist() == [
        [Decimal("10.0"), Decimal("40.0"), Decimal("0.0"), Decimal("40.00"), 1, "slightly_late"],
        [None, None, None, Decimal("0.00"), 0, "unknown"]]
    for name in dk.SUPPORTED_REPORTS:
        assert_identical(ref.report(name, AS_OF), book.report(name, AS_OF))


def test_partials_merge_in_any_order(client):
    """One partial per item (three partitions); every order and grouping of the merges
    gives the same integers, and those are the hand-worked ones."""
    customers, items, allocations, fx = _tiny()
    book = dk.DaskLedger(customers, dd.from_pandas(items, npartitions=1), dd.from_pandas(allocations, npartitions=1),
                         fx=fx)
    typed = dk.parse_items(items, book._book)
    alloc = dk._as_alloc_text(allocations)
    A = dk.day_of(datetime.date(2026, 6, 30))
    parts = []
    for k in range(3):
        one = typed.iloc[[k]]
        pair = dk.prepare_pair(one, alloc[alloc["_key"].isin(one["_key"])], book._book)
        parts.append(dk.aging_partial(dk.with_balances(pair, A, A), book._book, A, "EUR", [30, 60, 90]))
    # acc columns: not_due, 1-30, 31-60, 61-90, 91+ (minor units of EUR)
    assert parts[0]["acc"].tolist() == [[0, 6000, 0, 0, 0], [0, 0, 0, 0, 0]]
    assert parts[1]["acc"].tolist() == [[0, 0, 0, 0, 0], [1060, 0, 0, 0, 0]]
    assert parts[2]["acc"].tolist() == [[0, 0, 0, 0, 0], [0, 0, 0, -220, 0]]
    expected = [[0, 6000, 0, 0, 0], [1060, 0, 0, -220, 0]]
    for order in itertools.permutations(parts):
        left = order[0].merge(order[1]).merge(order[2])   # ((a·b)·c)
        right = order[0].merge(order[1].merge(order[2]))  # (a·(b·c))
        assert left.equals(right)
        assert left["acc"].tolist() == expected and left["count"].tolist() == [1, 2]
    # The tree of delayed merges gives the same.
    import dask
    tree = dk.tree_reduce([dask.delayed(p) for p in parts], split_every=2).compute()
    assert tree["acc"].tolist() == expected


def test_integer_helpers():
    # Half-even on exact ties, half away from zero for the forecast's day rounding.
    assert [dk.round_div(n, 2) for n in (5, 7, -5, -7, 3)] == [2, 4, -2, -4, 2]
    assert [dk.round_div(n, 2, "half_up") for n in (5, 7, -5, -7, 3)] == [3, 4, -3, -4, 2]
    assert dk.ratio_units(713, 10, 0) == 71 and dk.ratio_units(8400 * 90, 10600) == 713  # 71.3
    # conv: 1010 × 1.05 → 1060 and 1030 × 1.05 = 1081.5 → 1082 (ties to even), -220.5 → -220.
    num, den = 10_500_000_000 * 100, 10 ** 10 * 100
    assert dk.round_half_even_i64(np.array([1010, 1030, -210]), num, den).tolist() == [1060, 1082, -220]
    # Products beyond 64 bits go through Python ints, exactly.
    big = np.array([9_000_000_000_000_000_000 // 7], dtype=np.int64)
    assert dk.round_half_even_i64(big, 7, 3).tolist() == [dk.round_div(int(big[0]) * 7, 3)]
    # Sums: exact where int64 would wrap in between, an error where the result does not fit.
    two62 = 1 << 62
    assert dk.group_sum(np.array([0, 0, 0]), np.array([two62, two62, -two62]), 1).tolist() == [two62]
    with pytest.raises(dsocore.CalculationError):
        dk.group_sum(np.array([0, 0]), np.array([two62, two62]), 1)
    a = dk.Partial({"x": (dk.Partial.SUM, np.array([two62], dtype=np.int64))})
    with pytest.raises(dsocore.CalculationError):
        a.merge(a)
    w = dk.Partial({"x": (dk.Partial.OBJSUM, np.array([two62 * 4], dtype=object))})
    assert w.merge(w)["x"].tolist() == [two62 * 8]  # weighted day sums are unbounded
    # Month arithmetic of windows: end of month snaps to end of month.
    assert dk.add_months(datetime.date(2026, 6, 30), -6) == datetime.date(2025, 12, 31)
    assert dk.add_months(datetime.date(2026, 3, 31), -1) == datetime.date(2026, 2, 28)
    assert dk.add_months(datetime.date(2026, 3, 15), -1) == datetime.date(2026, 2, 15)


# --- what is refused ----------------------------------------------------------------

def test_refusals_and_bad_data(client, sample_book):
    with pytest.raises(dsocore.UsageError, match="--where"):
        sample_book.report("aging", AS_OF, where="country = 'FR'")
    with pytest.raises(dsocore.UsageError, match="445"):
        sample_book.report("dso", AS_OF, calendar="445")
    with pytest.raises(dsocore.UsageError, match="not computed by dsocore.dask"):
        sample_book.report("cei", AS_OF)
    with pytest.raises(dsocore.UsageError, match="no option --foo"):
        sample_book.report("aging", AS_OF, foo=1)
    with pytest.raises(dsocore.UsageError, match="has no --by"):
        sample_book.report("cash_forecast", AS_OF, by="country")
    customers, items, allocations, fx = _tiny()
    bad = items.assign(amount=["100.005", "10.10", "-2.10"])  # EUR has 2 decimals
    book = dk.DaskLedger(customers, dd.from_pandas(bad, npartitions=2), fx=fx)
    with pytest.raises(dsocore.DataError, match="items.csv amount.*100.005"):
        book.aging(AS_OF)
    wrong_sum = allocations.assign(amount=["30.00"])  # 100.00 − 60.00 is 40.00
    book = dk.DaskLedger(customers, dd.from_pandas(items, npartitions=2), dd.from_pandas(wrong_sum, npartitions=1),
                         fx=fx)
    with pytest.raises(dsocore.DataError, match="amount − open_amount"):
        book.aging(AS_OF)
    twice = pd.concat([items, items.iloc[[1]]], ignore_index=True)  # I2 again, in another partition
    book = dk.DaskLedger(customers, dd.from_pandas(twice, npartitions=2, sort=False), fx=fx)
    with pytest.raises(dsocore.DataError, match="duplicate item.*I2"):
        book.aging(AS_OF)
    with pytest.raises(dsocore.DataError, match="unknown column"):
        dk.DaskLedger(customers, dd.from_pandas(items.assign(colour="red"), npartitions=1), fx=fx)


def test_vectorized_parsers_agree_with_the_exact_rules():
    """Amounts and dates are parsed on bytes with numpy; every text the fast path takes
    gives the digits' exact value, the others go to the exact per-value path."""
    rng = np.random.default_rng(3)
    texts, minors = [], []
    for _ in range(3000):
        ip = str(int(rng.integers(0, 10 ** int(rng.integers(1, 16)))))
        fr = "".join(map(str, rng.integers(0, 10, int(rng.integers(0, 6)))))
        texts.append(str(rng.choice(["", "-", "+"])) + ip + ("." + fr if fr else ""))
        minors.append(int(rng.choice([0, 2, 3, 4])))
    texts += ["10.505", "10.500", "1.", ".5", "1..2", "1e5", " 1", "-0.00", "007.10", "99999999999999999999"]
    minors += [2] * 10
    units, done = dk._units_vectorized(np.array(texts, dtype=object), np.array(minors))
    for t, m, u, d in zip(texts, minors, units, done):
        exact = dk._units_of(t, m)
        if d:
            assert exact == int(u), t
        else:  # refused by the fast path: malformed, a digit beyond the minor unit, or > 18 digits
            assert exact is None or len(t.split(".")[0].lstrip("+-")) + m > 18, t
    # A non-ASCII text sends its whole batch to the exact path.
    assert not dk._units_vectorized(np.array(["1.00", "é1"], dtype=object), np.array([2, 2]))[1].any()
    assert dk._units_of("10.505", 2) is None and dk._units_of("10.500", 2) == 1050 and dk._units_of("-0.00", 2) == 0
    keys = pd.Series(["k"] * 4)
    with pytest.raises(dsocore.DataError, match="minor unit"):
        dk.parse_units(pd.Series(["1.00", "2", "10.505", "3"]), np.array([2, 2, 2, 2]), "amount", keys, "EUR")
    # Dates: strict YYYY-MM-DD and real calendar days.
    days = dk.parse_days(pd.Series(["2024-02-29", "", "1970-01-02"]), "d", keys[:3], False)
    assert days.tolist() == [19782, dk.NO_DATE, 1]  # 2024-02-29 is day 19782 after 1970-01-01
    for bad in ("2023-02-29", "2026-06-31", "2026-6-30", "2026/06/30", "0999-01-01"):
        with pytest.raises(dsocore.DataError):
            dk.parse_days(pd.Series([bad]), "d", keys[:1], False)


def test_other_minor_units_and_cross_rates(client):
    """JPY (0 decimals) and KWD (3) items, 10-decimal rates, reports in EUR, JPY and KWD."""
    customers = pd.DataFrame({"customer_id": ["J", "K", "E"], "currency": ["JPY", "KWD", "EUR"],
                              "credit_limit": ["1000000", "2500.125", ""], "insured_amount": ["", "1000.000", "50.00"]})
    items = pd.DataFrame({
        "item_id": [f"X{k}" for k in range(9)], "customer_id": ["J", "J", "J", "K", "K", "K", "E", "E", "E"],
        "issue_date": ["2026-01-15", "2026-04-03", "2026-06-20"] * 3,
        "amount": ["123457", "99", "10001", "1234.567", "0.001", "77.500", "10.01", "0.05", "999.99"],
        "open_amount": ["123457", "0", "10001", "1000.000", "0", "77.500", "10.01", "0", "999.99"]})
    allocations = pd.DataFrame({"item_id": ["X1", "X3", "X4", "X7"],
                                "date": ["2026-05-03", "2026-05-20", "2026-05-01", "2026-05-05"],
                                "amount": ["99", "234.567", "0.001", "0.05"]})
    fx = pd.DataFrame({"date": ["2025-12-01", "2025-12-01", "2026-05-01", "2026-05-01"],
                       "currency": ["JPY", "KWD", "JPY", "KWD"],
                       "rate": ["0.0061234567", "2.9876543210", "0.0059876543", "3.0123456789"]})
    ref = dsocore.Ledger.from_frames(customers, items, allocations, fx=fx)
    book = dk.DaskLedger(customers, dd.from_pandas(items, npartitions=3), dd.from_pandas(allocations, npartitions=2),
                         fx=fx).persist()
    for base in ("EUR", "JPY", "KWD"):
        for name in dk.SUPPORTED_REPORTS:
            assert_identical(ref.report(name, AS_OF, base_currency=base), book.report(name, AS_OF, base_currency=base))

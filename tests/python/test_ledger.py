"""Loading: directories, DataFrames (same validation and messages), export, errors."""
import datetime
import os
from decimal import Decimal

import pandas as pd
import pytest

import dsocore
from conftest import AS_OF


def test_load_sample(sample, sample_dir):
    assert sample.customer_count >= 200
    assert sample.item_count > 5000
    assert sample.directory == sample_dir
    assert "customers" in repr(sample)


def test_from_frames_equals_directory(sample_dir, sample):
    # Read the sample's CSV files as text frames, rebuild the ledger, same reports.
    frames = {n: pd.read_csv(os.path.join(sample_dir, n + ".csv"), dtype=str, keep_default_na=False)
              for n in ["customers", "items", "allocations", "disputes", "actions", "fx"]}
    with open(os.path.join(sample_dir, "company.json")) as f:
        company = f.read()
    with open(os.path.join(sample_dir, "scenarios.json")) as f:
        scenarios = f.read()
    rebuilt = dsocore.Ledger.from_frames(frames["customers"], frames["items"], frames["allocations"],
                                         disputes=frames["disputes"], actions=frames["actions"], fx=frames["fx"],
                                         company=company, scenarios=scenarios)
    assert rebuilt.directory == ""
    pd.testing.assert_frame_equal(rebuilt.aging(AS_OF), sample.aging(AS_OF))
    pd.testing.assert_frame_equal(rebuilt.dso(AS_OF, by="total"), sample.dso(AS_OF, by="total"))
    assert rebuilt.file_text("items.csv") == sample.file_text("items.csv")


def test_from_frames_reports_bad_data_like_files(tiny_frames):
    customers, items = tiny_frames
    items = items.copy()
    items.loc[2, "amount"] = "12,5"  # line 4 of items.csv (header = 1)
    with pytest.raises(dsocore.DataError) as e:
        dsocore.Ledger.from_frames(customers, items)
    msg = str(e.value)
    assert "items.csv:4" in msg and "amount" in msg and "12,5" in msg
    assert e.value.code == 2
    assert e.value.diagnostics[0][:3] == ("items.csv", 4, "amount")
    assert isinstance(e.value, ValueError)


def test_from_frames_float_and_nan(tiny_frames):
    customers, items = tiny_frames
    items = items.copy()
    items["amount"] = [100.0, 50.5, 200.0, -20.0]  # floats as typed: 50.5 -> "50.5"
    customers = customers.assign(payment_terms_days=[30.0, float("nan")])  # NaN -> default
    ledger = dsocore.Ledger.from_frames(customers, items)
    assert ledger.aging(AS_OF, by="total")["total"][0] == Decimal("330.50")
    with pytest.raises(dsocore.DataError):  # 0.1 + 0.2: too many digits for EUR
        dsocore.Ledger.from_frames(customers, items.assign(amount=[0.1 + 0.2, 1.0, 1.0, -1.0]))


def test_errors(sample, tmp_path):
    with pytest.raises(dsocore.UsageError, match="unknown report 'nope'"):
        sample.report("nope", AS_OF)
    with pytest.raises(dsocore.UsageError, match="YYYY-MM-DD"):
        sample.aging("30/06/2026")
    with pytest.raises(dsocore.UsageError):
        sample.aging(AS_OF, bukets=[30])
    with pytest.raises(dsocore.UsageError):
        sample.aging(AS_OF, base_currency="XYZ")
    with pytest.raises(dsocore.UsageError, match="float"):
        sample.dso(AS_OF, period=90.0)
    with pytest.raises(dsocore.Error) as e:
        dsocore.load(tmp_path / "missing")
    assert "not a data directory" in str(e.value)
    assert issubclass(dsocore.DataError, dsocore.Error)
    assert issubclass(dsocore.FileError, OSError)


def test_export_round_trip(tiny, tmp_path):
    tiny.export(tmp_path / "out")
    again = dsocore.load(tmp_path / "out")
    pd.testing.assert_frame_equal(again.aging(AS_OF), tiny.aging(AS_OF))


def test_gil_released_during_reports(sample):
    # Two threads run reports on one ledger at once (the ledger is immutable).
    import concurrent.futures
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        results = list(pool.map(lambda m: sample.dso(AS_OF, method=m, by="total"), ["standard", "standard"]))
    pd.testing.assert_frame_equal(results[0], results[1])

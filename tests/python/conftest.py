import datetime
import os
from decimal import Decimal

import pandas as pd
import pytest

import dsocore

AS_OF = datetime.date(2026, 6, 30)


@pytest.fixture(scope="session")
def sample_dir() -> str:
    return os.environ["DSOCORE_TEST_DATA"]


@pytest.fixture(scope="session")
def sample(sample_dir) -> dsocore.Ledger:
    return dsocore.load(sample_dir)


@pytest.fixture()
def tiny_frames():
    """The hand-worked portfolio of tests/capi/capi_fixture.hpp, as DataFrames.

    As of 2026-06-30 (dpd = A - due): I1 C1 100.00 dpd 30 (1-30); I2 C1 50.50 not due;
    I3 C2 200.00 dpd 91 (91+); I4 C2 credit note -20.00 dpd 46 (31-60).
    """
    customers = pd.DataFrame({"customer_id": ["C1", "C2"], "name": ["Alpha", "Beta"]})
    items = pd.DataFrame({
        "item_id": ["I1", "I2", "I3", "I4"],
        "customer_id": ["C1", "C1", "C2", "C2"],
        "type": ["invoice", "invoice", "invoice", "credit_note"],
        "issue_date": [datetime.date(2026, 5, 1), datetime.date(2026, 6, 20), datetime.date(2026, 3, 1),
                       datetime.date(2026, 4, 15)],
        "due_date": pd.to_datetime(["2026-05-31", "2026-07-20", "2026-03-31", "2026-05-15"]),
        "amount": [Decimal("100.00"), Decimal("50.50"), Decimal("200"), Decimal("-20.00")],
    })
    return customers, items


@pytest.fixture()
def tiny(tiny_frames) -> dsocore.Ledger:
    return dsocore.Ledger.from_frames(*tiny_frames)

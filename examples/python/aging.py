#!/usr/bin/env python3
"""dsocore from Python: load the sample portfolio and print its aging.

    PYTHONPATH=<build>/python python3 examples/python/aging.py examples/data
"""
import sys
from decimal import Decimal

import dsocore

data = sys.argv[1] if len(sys.argv) > 1 else "examples/data"
as_of = sys.argv[2] if len(sys.argv) > 2 else "2026-06-30"
ledger = dsocore.load(data)
print(ledger)
aging = ledger.aging(as_of, by="entity")
print(f"Aging by entity as of {aging.as_of} ({aging.base_currency})")
print(aging.to_string(index=False))

per_customer = ledger.aging(as_of)
total = sum(per_customer["total"], Decimal(0))  # Decimal amounts sum exactly
assert total == sum(aging["total"], Decimal(0))
print(f"\nTop 5 overdue of {len(per_customer)} customers (total receivables {total}):")
print(per_customer.sort_values("overdue", ascending=False).head(5)[["entity", "customer_id", "overdue"]]
      .to_string(index=False))

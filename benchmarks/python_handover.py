#!/usr/bin/python3
"""How fast a report reaches pandas: the Python hand-over benchmark.

Runs one report on a data directory (or a snapshot), then times the hand-over alone,
``dsocore._frame.to_frame(table)``: the column arrays out of C++, one Decimal / date / str
per distinct value, the DataFrame. CPU (user + sys of this process) and wall time, best
of --repeat runs, with the machine's load average, so that a run on a shared machine
can be read.

    build/release/benchmarks/gen_data /tmp/d1m --items 1000000 --customers 1000000 --no-actions
    PYTHONPATH=build/release/python /usr/bin/python3 benchmarks/python_handover.py \\
        --data /tmp/d1m --report risk --report dso --report payment_profile
    PYTHONPATH=build/release/python /usr/bin/python3 benchmarks/python_handover.py --synthetic 1000000

With 1,000,000 customers the per-customer reports (risk, dso, payment_profile, cei) have
1,000,000 rows. --synthetic N times a built-in table of N rows whose amount columns are
all distinct (the worst case: one Decimal per row).
"""

from __future__ import annotations

import argparse
import os
import resource
import time
from decimal import Decimal

import dsocore
from dsocore import _core, _frame


def cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def timed(fn, repeat: int):
    """(result, best wall s, best CPU s) over `repeat` runs."""
    best_wall = best_cpu = float("inf")
    result = None
    for _ in range(repeat):
        result = None
        w, c = time.perf_counter(), cpu()
        result = fn()
        best_wall = min(best_wall, time.perf_counter() - w)
        best_cpu = min(best_cpu, cpu() - c)
    return result, best_wall, best_cpu


def report_line(name: str, table, repeat: int, columns: bool) -> None:
    frame, wall, cpu_s = timed(lambda: _frame.to_frame(table), repeat)
    decimals = [c for c, t in frame.column_types.items() if t.startswith("decimal")]
    distinct = {c: len({id(v) for v in frame[c]}) for c in decimals}  # objects actually built
    print(f"{name:<16} {table.row_count:>9,} rows x {len(frame.columns):>2} cols: hand-over "
          f"CPU {cpu_s:.3f} s, wall {wall:.3f} s; Decimal objects built "
          f"{sum(distinct.values()):,} for {len(decimals) * table.row_count:,} cells "
          f"(load {os.getloadavg()[0]:.1f})")
    if columns:
        for c, kind, scale, values, nulls, digits in table.columns():
            _, w, cs = timed(lambda: _frame.column_values(kind, values, table.row_count, nulls, scale, digits), repeat)
            print(f"    {c:<24} {kind:<8} CPU {cs:.3f} s  wall {w:.3f} s")
    # Exactness on the way: a Decimal column sums exactly (no float anywhere).
    for c in decimals[:1]:
        sum((v for v in frame[c] if v is not None), Decimal(0))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", help="data directory or .dsoc snapshot")
    ap.add_argument("--report", action="append", default=[], help="report name (repeatable; default risk)")
    ap.add_argument("--as-of", default="2026-06-30")
    ap.add_argument("--synthetic", type=int, default=0, help="also time a synthetic table of N rows")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--columns", action="store_true", help="time each column too")
    a = ap.parse_args()
    print(f"dsocore {dsocore.__version__}, {os.cpu_count()} CPUs, load average {os.getloadavg()}")
    if a.data:
        ledger, wall, cpu_s = timed(lambda: dsocore.load(a.data), 1)
        print(f"load {a.data}: {ledger.item_count:,} items, {ledger.customer_count:,} customers, "
              f"CPU {cpu_s:.2f} s, wall {wall:.2f} s")
        for name in a.report or ["risk"]:
            table, wall, cpu_s = timed(lambda: ledger._core.report(name, a.as_of, None, "", "", {}), 1)
            print(f"{name}: report run CPU {cpu_s:.3f} s, wall {wall:.3f} s")
            report_line(name, table, a.repeat, a.columns)
    if a.synthetic:
        report_line("synthetic", _core.synthetic_table(a.synthetic), a.repeat, a.columns)


if __name__ == "__main__":
    main()

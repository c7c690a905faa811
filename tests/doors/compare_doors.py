#!/usr/bin/env python3
"""The same reports through C++, the C ABI, Python, Java and the CLI give identical values.

usage: compare_doors.py DATA_DIR --cli PATH --c PATH --cpp PATH [--java JAVA JAR LIB CLASSES]
Each door prints CSV (its own formatting of its own typed values); the texts must match.
Rendered messages (`dsocore render`) are compared byte for byte: the C and Java printers
assemble the message from the parts their door gives (template, language, channel, to,
SMS figures, subject, body) in the CLI's layout.
"""
import argparse
import csv
import io
import subprocess
import sys
from decimal import Decimal

import numpy as np
import pandas as pd

CASES = [
    ("aging", []),
    ("aging", ["by=total"]),
    ("aging", ["buckets=15,45", "by=entity"]),
    ("dso", []),
    ("dso", ["method=standard", "by=total"]),
    ("dso", ["method=average", "by=entity"]),
    # Reports from the other engines, when registered: dates, integers, booleans, empty
    # cells and per-row digits (penalties: amounts in each item's currency).
    ("payment_profile", []),
    ("cash_forecast", []),
    ("risk", []),
    ("overdue_trend", []),
    ("penalties", []),
    # The collection engine: agenda and alerts (CLI commands of their own).
    ("agenda", []),
    ("alerts", []),
]
AS_OF = "2026-06-30"
# Messages of the sample's agenda at AS_OF: an SMS in French (UCS-2, 3 segments), an
# email, a letter.
RENDER_CASES = [
    ("DE01:C000276", "r2"),
    ("DE01:C000192", "r1"),
    ("DE01:C000241", "fn"),
]


def run_bytes(cmd):
    return subprocess.run(cmd, check=True, capture_output=True).stdout


def compare_render(a):
    """Returns the number of mismatches over RENDER_CASES."""
    import dsocore
    failures = 0
    for customer, step in RENDER_CASES:
        outputs = {
            "cli": run_bytes([a.cli, "render", "--data", a.data, "--as-of", AS_OF, "--customer", customer,
                              "--step", step]),
            "c": run_bytes([a.c, a.data, "render", AS_OF, customer, step]),
            "cpp": run_bytes([a.cpp, a.data, "render", AS_OF, customer, step]),
        }
        if a.java:
            java, jar, lib, classes = a.java
            outputs["java"] = run_bytes([java, f"-Ddsocore.library={lib}", "-cp", f"{classes}:{jar}",
                                         "org.dsocore.tests.PrintReport", a.data, "render", AS_OF, customer, step])
        if hasattr(dsocore, "render") or hasattr(getattr(dsocore, "Ledger", object), "render"):
            print("render: the Python door has render; add it to compare_render()")
        ref = outputs["cli"]
        same = all(v == ref for v in outputs.values())
        for door, text in outputs.items():
            if text != ref:
                failures += 1
                print(f"MISMATCH render {customer} {step}: {door} differs from the CLI")
                for x, y in zip(ref.decode().splitlines(), text.decode(errors="replace").splitlines()):
                    if x != y:
                        print(f"  cli: {x}\n  {door}: {y}")
                        break
        if not ref:
            failures += 1
        print(f"render {customer} {step}: {len(ref)} bytes, doors {', '.join(outputs)} "
              f"{'identical' if same else 'DIFFER'}")
    return failures


def run(cmd):
    return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout


def python_csv(data, name, opts):
    import dsocore
    kw = dict(o.split("=", 1) for o in opts)
    by = kw.pop("by", None)
    ledger = dsocore.load(data)
    if name in ("agenda", "alerts"):
        frame = getattr(ledger, name)(AS_OF)
    else:
        frame = ledger.report(name, AS_OF, by=by, options=kw)
    lines = [",".join(frame.columns)]
    for row in frame.itertuples(index=False):
        cells = []
        for v in row:
            if v is None or v is pd.NA:
                cells.append("")
            elif isinstance(v, (bool, np.bool_)):
                cells.append("true" if v else "false")
            elif isinstance(v, Decimal):
                cells.append(format(v, "f"))
            else:
                cells.append(str(v))
        lines.append(",".join(cells))
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("data")
    ap.add_argument("--cli", required=True)
    ap.add_argument("--c", required=True)
    ap.add_argument("--cpp", required=True)
    ap.add_argument("--java", nargs=4, metavar=("JAVA", "JAR", "LIB", "CLASSES"))
    a = ap.parse_args()
    failures = 0
    import dsocore
    known = dsocore.report_names()
    for name, opts in CASES:
        if name not in known and not hasattr(dsocore.Ledger, name):
            print(f"{name}: not in this build, skipped")
            continue
        outputs = {}
        cli_opts = []
        for o in opts:
            k, v = o.split("=", 1)
            cli_opts += [f"--{k}", v]
        command = [name] if name in ("agenda", "alerts") else ["report", name]
        # The CLI writes RFC 4180 CSV (quotes fields holding commas); the other printers
        # join raw values: compare the CLI's values, unquoted the same way.
        cli_csv = run([a.cli, *command, "--data", a.data, "--as-of", AS_OF, *cli_opts])
        outputs["cli"] = "".join(",".join(row) + "\n" for row in csv.reader(io.StringIO(cli_csv)))
        outputs["c"] = run([a.c, a.data, name, AS_OF, *opts])
        outputs["cpp"] = run([a.cpp, a.data, name, AS_OF, *opts])
        outputs["python"] = python_csv(a.data, name, opts)
        if a.java:
            java, jar, lib, classes = a.java
            outputs["java"] = run([java, f"-Ddsocore.library={lib}", "-cp", f"{classes}:{jar}",
                                   "org.dsocore.tests.PrintReport", a.data, name, AS_OF, *opts])
        ref = outputs["cpp"]
        rows = ref.count("\n") - 1
        for door, text in outputs.items():
            if text != ref:
                failures += 1
                print(f"MISMATCH {name} {opts}: {door} differs from C++")
                for x, y in zip(ref.splitlines(), text.splitlines()):
                    if x != y:
                        print(f"  cpp: {x}\n  {door}: {y}")
                        break
        print(f"{name} {' '.join(opts) or '(defaults)'}: {rows} rows, doors {', '.join(outputs)} "
              f"{'identical' if all(t == ref for t in outputs.values()) else 'DIFFER'}")
        if rows < 1:
            failures += 1
    failures += compare_render(a)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

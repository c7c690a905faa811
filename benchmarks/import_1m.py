#!/usr/bin/python3
"""Measures `dsocore import` on 1,000,000 item rows, for three kinds of input file.

Usage: /usr/bin/python3 benchmarks/import_1m.py build/release/dsocore [WORKDIR] [--only french|messy|canonical] [--runs N]

- french:    the French ERP export of docs/import.md, UTF-8: `;`, decimal commas,
             thousands separated by spaces, dd/MM/yyyy dates, zero-padded customer
             codes, credit notes written positive with a type column (~85 MB).
- messy:     the same file in Windows-1252 (transcoded by ICU on import).
- canonical: a canonical items.csv (the export of a data directory, ~75 MB) imported
             with the canonical profile {"kind": "items"}.

Each is imported into a directory with 1,000 customers and an empty items.csv. The data
is generated in the work directory (never in the source tree). Printed per run: the CLI's
CPU time per stage (--timing), then CPU (user+sys of the import process) and wall time,
and the rate in MB of input per second of each; with --runs N the best run is the one
reported last (the machine may be shared: CPU time is the figure to compare).
"""
import os
import random
import resource
import shutil
import subprocess
import sys
import time

args = sys.argv[1:]
only, runs = None, 1
if "--only" in args:
    i = args.index("--only")
    only = args[i + 1]
    del args[i:i + 2]
if "--runs" in args:
    i = args.index("--runs")
    runs = int(args[i + 1])
    del args[i:i + 2]
cli = args[0]
work = args[1] if len(args) > 1 else "/tmp/dsocore_import_bench"
os.makedirs(work, exist_ok=True)
base = os.path.join(work, "base")
french = os.path.join(work, "items_fr.csv")
messy = os.path.join(work, "items_fr_1252.csv")
canonical = os.path.join(work, "items_canonical.csv")

if not os.path.exists(canonical):
    random.seed(1)
    os.makedirs(base, exist_ok=True)
    with open(os.path.join(base, "customers.csv"), "w") as f:
        f.write("entity,customer_id,name\n")
        for i in range(1000):
            f.write(f"FR01,C{i:05d},Customer {i}\n")
    with open(os.path.join(base, "items.csv"), "w") as f:
        f.write("entity,item_id,customer_id,issue_date,amount\n")
    with open(french, "w", encoding="utf-8") as f, open(canonical, "w", encoding="utf-8") as c:
        f.write("Code client;N° pièce;Type;Montant;Date;Echéance;Libellé\n")
        c.write("entity,item_id,customer_id,type,issue_date,due_date,amount,comment\n")
        for i in range(1_000_000):
            a = random.randint(100, 10_000_000)
            credit = i % 10 == 0
            t = "AV" if credit else "FA"
            m = f"{a // 100:,}".replace(",", " ") + "," + f"{a % 100:02d}"
            d, mo = 1 + i % 28, 1 + i % 12
            f.write(f"000C{i % 1000:05d};F{i:08d};{t};{m};{d:02d}/{mo:02d}/2025;{d:02d}/{mo:02d}/2026;Facture client numéro {i}\n")
            amount = f"{'-' if credit else ''}{a // 100}.{a % 100:02d}"
            c.write(f"FR01,F{i:08d},C{i % 1000:05d},{'credit_note' if credit else 'invoice'},2025-{mo:02d}-{d:02d},"
                    f"2026-{mo:02d}-{d:02d},{amount},Facture client numéro {i}\n")
    with open(french, encoding="utf-8") as f, open(messy, "w", encoding="cp1252") as g:
        shutil.copyfileobj(f, g)

french_profile = ('"separator":";","decimal_separator":",","thousands_separator":" ",'
                  '"date_formats":["dd/MM/yyyy"],"columns":{"customer_id":{"source":"Code client","strip_leading_zeros":true},'
                  '"item_id":"N° pièce","type":{"source":"Type","map":{"FA":"invoice","AV":"credit_note"}},"amount":"Montant",'
                  '"issue_date":"Date","due_date":"Echéance","entity":{"value":"FR01"},"comment":"Libellé"},"sign":"by_type"}')
cases = {
    "french": (french, '{"kind":"items","encoding":"UTF-8",' + french_profile),
    "messy": (messy, '{"kind":"items","encoding":"windows-1252",' + french_profile),
    "canonical": (canonical, '{"kind":"items"}'),
}
for name, (src, profile_text) in cases.items():
    if only and name != only:
        continue
    profile = os.path.join(work, f"profile_{name}.json")
    with open(profile, "w") as f:
        f.write(profile_text)
    mb = os.path.getsize(src) / 1e6
    for run in range(runs):
        data = os.path.join(work, "data")
        shutil.rmtree(data, ignore_errors=True)
        shutil.copytree(base, data)
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.monotonic()
        subprocess.run([cli, "import", "--profile", profile, "--input", src, "--data", data, "--date", "2026-06-30",
                        "--timing"], check=True, stdout=subprocess.DEVNULL)
        wall = time.monotonic() - t0
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        user = after.ru_utime - before.ru_utime
        sys_ = after.ru_stime - before.ru_stime
        cpu = user + sys_
        print(f"{name}: {mb:.1f} MB in {cpu:.2f} s CPU ({user:.2f} user + {sys_:.2f} sys): {mb / cpu:.1f} MB/s CPU; "
              f"{wall:.2f} s wall: {mb / wall:.1f} MB/s wall; load average {os.getloadavg()[0]:.1f}", flush=True)

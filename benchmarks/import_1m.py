#!/usr/bin/python3
"""Measures `dsocore import` on 1,000,000 item rows (French-style CSV, ~85 MB).

Usage: /usr/bin/python3 benchmarks/import_1m.py build/release/dsocore [/tmp/dsocore_import_bench]
Generates the data in the work directory (never in the source tree), imports it into a
directory with 1,000 customers and prints the CLI's CPU time per stage (--timing) and
the rate in MB/s of input.
"""
import os
import random
import resource
import shutil
import subprocess
import sys

cli = sys.argv[1]
work = sys.argv[2] if len(sys.argv) > 2 else "/tmp/dsocore_import_bench"
os.makedirs(work, exist_ok=True)
src = os.path.join(work, "items_fr.csv")
base = os.path.join(work, "base")
if not os.path.exists(src):
    random.seed(1)
    os.makedirs(base, exist_ok=True)
    with open(os.path.join(base, "customers.csv"), "w") as f:
        f.write("entity,customer_id,name\n")
        for i in range(1000):
            f.write(f"FR01,C{i:05d},Customer {i}\n")
    with open(os.path.join(base, "items.csv"), "w") as f:
        f.write("entity,item_id,customer_id,issue_date,amount\n")
    with open(src, "w") as f:
        f.write("Code client;N° pièce;Type;Montant;Date;Echéance;Libellé\n")
        for i in range(1_000_000):
            a = random.randint(100, 10_000_000)
            t = "FA" if i % 10 else "AV"
            m = f"{a // 100:,}".replace(",", " ") + "," + f"{a % 100:02d}"
            d, mo = 1 + i % 28, 1 + i % 12
            f.write(f"000C{i % 1000:05d};F{i:08d};{t};{m};{d:02d}/{mo:02d}/2025;{d:02d}/{mo:02d}/2026;Facture client numéro {i}\n")
profile = os.path.join(work, "profile.json")
with open(profile, "w") as f:
    f.write('{"kind":"items","encoding":"UTF-8","separator":";","decimal_separator":",","thousands_separator":" ",'
            '"date_formats":["dd/MM/yyyy"],"columns":{"customer_id":{"source":"Code client","strip_leading_zeros":true},'
            '"item_id":"N° pièce","type":{"source":"Type","map":{"FA":"invoice","AV":"credit_note"}},"amount":"Montant",'
            '"issue_date":"Date","due_date":"Echéance","entity":{"value":"FR01"},"comment":"Libellé"},"sign":"by_type"}')
data = os.path.join(work, "data")
shutil.rmtree(data, ignore_errors=True)
shutil.copytree(base, data)
before = resource.getrusage(resource.RUSAGE_CHILDREN)
subprocess.run([cli, "import", "--profile", profile, "--input", src, "--data", data, "--date", "2026-06-30", "--timing"],
               check=True)
after = resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
mb = os.path.getsize(src) / 1e6
print(f"{mb:.1f} MB in {cpu:.2f} s CPU (user+sys): {mb / cpu:.1f} MB/s")

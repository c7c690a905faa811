#!/usr/bin/python3
"""Generates items.xls, the XLS (BIFF8) fixture of tests/io (committed; freexl cannot write).

Run with Debian's python3 and python3-xlwt:  /usr/bin/python3 make_xls.py
Sheet 1 "Notes" is a decoy; sheet 2 "Export" holds a title line, the header, three items.
"""
import datetime
import xlwt

wb = xlwt.Workbook(encoding="utf-8")
notes = wb.add_sheet("Notes")
notes.write(0, 0, "not this sheet")
ws = wb.add_sheet("Export")
date_style = xlwt.easyxf(num_format_str="DD/MM/YYYY")
ws.write(0, 0, "Balance âgée au 30/06/2026")
for c, h in enumerate(["Code client", "N° pièce", "Type", "Montant", "Date", "Echéance"]):
    ws.write(1, c, h)
rows = [
    ("00C001", "F100", "FA", 8765.4300000000003, datetime.date(2026, 5, 4), datetime.date(2026, 6, 3)),
    ("00C002", "A200", "AV", 120.5, datetime.date(2026, 5, 10), "20260609"),
    ("00C001", 300, "FA", 1000, "31/12/2025", 46053),
]
for r, row in enumerate(rows, start=2):
    for c, v in enumerate(row):
        if isinstance(v, datetime.date):
            ws.write(r, c, v, date_style)
        else:
            ws.write(r, c, v)
wb.save("items.xls")

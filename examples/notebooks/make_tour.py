#!/usr/bin/env python3
"""Writes receivables-tour.ipynb (unexecuted) from the cells below: edit here, rerun.

Only reports that exist in the engine have cells; a report added later gets its cell here.
"""
import json
import os

MD, CODE = "markdown", "code"
CELLS = [
    (MD, "# A tour of the receivables with dsocore\n\n"
         "The sample portfolio: two seller entities (FR01, DE01), EUR/USD/GBP accounts, "
         "as of 2026-06-30. Amounts are `decimal.Decimal` (exact), dates `datetime.date`."),
    (CODE, "import datetime, os\nfrom decimal import Decimal\n\nimport matplotlib\n"
           "import dsocore\n\n"
           "DATA = os.environ.get(\"DSOCORE_SAMPLE_DATA\", \"../data\")\n"
           "AS_OF = datetime.date(2026, 6, 30)\n"
           "ledger = dsocore.load(DATA)\nledger"),
    (MD, "## Aging\nBalance by days past due, per customer (the default) or any grouping (`by=`)."),
    (CODE, "aging = ledger.aging(AS_OF, buckets=[30, 60, 90], by=\"entity\")\naging"),
    (CODE, "per_customer = ledger.aging(AS_OF)\n"
           "# Decimal amounts add up exactly to the entity totals\n"
           "assert sum(per_customer[\"total\"], Decimal(0)) == sum(aging[\"total\"], Decimal(0))\n"
           "per_customer.sort_values(\"overdue\", ascending=False).head(10)"),
    (CODE, "per_customer.plot(top=15);"),
    (MD, "## DSO: three methods\nCountback (exhaustion, the default), standard and average "
         "(reports.md). `bpdso` is the best possible DSO, `add` the average days delinquent."),
    (CODE, "import pandas as pd\n"
           "methods = {m: ledger.dso(AS_OF, method=m, by=\"entity\") for m in [\"countback\", \"standard\", \"average\"]}\n"
           "pd.concat(methods, names=[\"method\"]).droplevel(1)"),
    (CODE, "ledger.dso(AS_OF, method=\"countback\", by=\"entity\").plot();"),
    (MD, "## Trend of the overdue\nOutstanding and overdue at the last day of each month, then at the as-of date."),
    (CODE, "trend = ledger.overdue_trend(AS_OF, points=12)\ntrend.plot();\ntrend"),
    (MD, "## Payer profiles\nHow each payer actually pays over the last six months: amount-weighted days "
         "late and to pay, share paid on time, and the profile (punctual, slightly late, late, very late)."),
    (CODE, "profiles = ledger.payment_profile(AS_OF, window=\"6m\")\n"
           "profiles[\"profile\"].value_counts()"),
    (CODE, "profiles.dropna(subset=[\"avg_days_late\"]).sort_values(\"avg_days_late\", ascending=False).head(10)"),
    (MD, "## Cash forecast\nWhen the open receivables should come in: due date plus each payer's "
         "average delay, promises and disputes taken into account."),
    (CODE, "forecast = ledger.cash_forecast(AS_OF, interval=\"month\", horizon=6)\nforecast.plot();\nforecast"),
    (MD, "## Risk\nExposure against credit limits and insurance, consolidated per legal id."),
    (CODE, "risk = ledger.risk(AS_OF, by=\"legal_id\")\n"
           "risk[risk[\"over_limit\"] == True].head(10)"),
    (MD, "## The day's agenda\nWhat to send or do today, per payer, from the collection scenarios "
         "(late, today, upcoming within the horizon); and the alerts that match."),
    (CODE, "agenda = ledger.agenda(AS_OF, horizon=14)\nagenda.head(15)"),
    (CODE, "ledger.alerts(AS_OF).head(15)"),
    (MD, "## A message, rendered\nThe reminder of one pending agenda row, in the payer's language, "
         "as `dsocore render` prints it (templates are read by `load(..., templates=True)`)."),
    (CODE, "with_templates = dsocore.load(DATA, templates=True)\n"
           "row = agenda[(agenda[\"state\"] != \"error\") & (agenda[\"channel\"] == \"email\")].iloc[0]\n"
           "message = with_templates.render(AS_OF, f\"{row.entity}:{row.customer_id}\", row.step)\n"
           "print(message.subject)\nmessage"),
    (MD, "## Who to look at\nA risk search: customers over 10,000 overdue, with their figures in the base currency."),
    (CODE, "ledger.search(AS_OF, \"overdue > 10000\").sort_values(\"overdue\", ascending=False).head(10)"),
    (MD, "## Every report\nEvery report of the engine is a method of the ledger, and `ledger.report(name, ...)`."),
    (CODE, "dsocore.report_names()"),
]


def main():
    nb = {
        "nbformat": 4, "nbformat_minor": 5,
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
                     "language_info": {"name": "python"}},
        "cells": [],
    }
    for i, (kind, text) in enumerate(CELLS):
        cell = {"cell_type": kind, "id": f"cell-{i}", "metadata": {}, "source": text}
        if kind == CODE:
            cell.update({"execution_count": None, "outputs": []})
        nb["cells"].append(cell)
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "receivables-tour.ipynb")
    with open(path, "w") as f:
        json.dump(nb, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()

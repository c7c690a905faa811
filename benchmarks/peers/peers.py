#!/usr/bin/python3
"""One peer of the comparison, run in its own process so its peak memory is its own.

    peers.py ENGINE DATA_DIR OUT_DIR [AS_OF]
ENGINE: pandas_int, pandas_float, sqlite, postgres (PGHOST/PGPORT set by `run`).

Workload (the same as peer_dsocore): load customers, items, allocations, fx; then
  - aging by customer in EUR, buckets not_due, 1-30, 31-60, 61-90, 91+ of
    conv(bal_A, A) (bal_A = amount - allocations dated <= A, items issued <= A);
  - standard DSO over 90 days: AR_A / S(A-90, A] x 90 per customer, S = conv(amount,
    issue_date) over invoices, debit and credit notes; half-even to 0.1, empty if S <= 0;
  - weighted average days late per customer over 365 days: allocations dated in
    (A-365, A] on invoices and debit notes, w = conv(amount, date),
    sum(w x (date - due_date)) / sum(w), half-even to 0.1, empty if sum(w) <= 0.
conv(x, D) = x x rate(currency, latest fx row <= D), half-even to the cent.
Writes OUT_DIR/aging.csv, dso.csv, late.csv in integer cents / tenths and prints
{"load_s": ..., "compute_s": ...}.
"""
import csv
import json
import os
import sys
import time
from datetime import date

ENGINE, DATA, OUT = sys.argv[1], sys.argv[2], sys.argv[3]
AS_OF = date.fromisoformat(sys.argv[4] if len(sys.argv) > 4 else "2026-06-30")
EPOCH = date(1970, 1, 1)
A = (AS_OF - EPOCH).days
BASE = "EUR"


def rdiv_half_even(num, den):
    """Exact integer num/den rounded half-even (den > 0), Python ints."""
    q, r = divmod(num, den)
    if 2 * r > den or (2 * r == den and q % 2 == 1):
        q += 1
    return q


def write_results(aging, dso, late):
    """aging: {(e,c): [5 cents]}, dso: {(e,c): tenths or None}, late: same."""
    with open(os.path.join(OUT, "aging.csv"), "w") as f:
        for k in sorted(aging):
            f.write(",".join([k[0], k[1]] + [str(v) for v in aging[k]]) + "\n")
    for name, d in (("dso.csv", dso), ("late.csv", late)):
        with open(os.path.join(OUT, name), "w") as f:
            for k in sorted(d):
                f.write(f"{k[0]},{k[1]},{'' if d[k] is None else d[k]}\n")


def fx_rates():
    """Rates as integers x 1e10, per currency sorted by date."""
    rows = {}
    with open(os.path.join(DATA, "fx.csv"), newline="") as f:
        for r in csv.DictReader(f):
            whole, _, frac = r["rate"].partition(".")
            e10 = int(whole) * 10**10 + int((frac + "0" * 10)[:10])
            rows.setdefault(r["currency"], []).append(((date.fromisoformat(r["date"]) - EPOCH).days, e10))
    for v in rows.values():
        v.sort()
    return rows


# --- pandas ------------------------------------------------------------------------
def run_pandas(exact):
    import numpy as np
    import pandas as pd

    t0 = time.perf_counter()
    # Chunked loading (CHUNK rows at a time): each chunk of text columns is turned into
    # compact numeric columns at once (customer row, day numbers, cents, categories),
    # so the peak holds one chunk of Python strings plus the item keys, not every
    # column of 10M rows as strings.
    CHUNK = 1_000_000
    cust = pd.read_csv(os.path.join(DATA, "customers.csv"), dtype=str, keep_default_na=False,
                       usecols=["entity", "customer_id", "currency", "payment_terms_days"])
    fx = pd.read_csv(os.path.join(DATA, "fx.csv"), dtype=str, keep_default_na=False)
    cust_index = pd.MultiIndex.from_frame(cust[["entity", "customer_id"]])
    cust_cur = cust["currency"].values
    cust_terms = cust["payment_terms_days"].replace("", "30").astype(np.int64).values
    currencies = sorted(set(cust["currency"]) | set(fx["currency"]) | {"EUR"})
    types = ["", "invoice", "credit_note", "debit_note", "payment", "adjustment"]

    def cents(s):
        if exact:  # canonical amounts have exactly 2 decimals: drop the point
            return s.str.replace(".", "", regex=False).astype(np.int64)
        return s.astype(np.float64)  # euros as binary floats

    def days(s):
        return (pd.to_datetime(s, format="%Y-%m-%d").values.astype("datetime64[D]").astype(np.int64))

    parts, keys = [], []
    for ch in pd.read_csv(os.path.join(DATA, "items.csv"), dtype=str, keep_default_na=False, chunksize=CHUNK,
                          usecols=["entity", "item_id", "customer_id", "type", "issue_date", "due_date", "currency",
                                   "amount", "open_amount"]):
        crow = cust_index.get_indexer(pd.MultiIndex.from_frame(ch[["entity", "customer_id"]]))
        if (crow < 0).any():
            raise SystemExit("an item's customer is missing from customers.csv")
        issue = days(ch["issue_date"])
        due = issue + cust_terms[crow]
        given = (ch["due_date"] != "").values
        due[given] = days(ch["due_date"][given])
        cur = np.where(ch["currency"].values == "", cust_cur[crow], ch["currency"].values)
        parts.append(pd.DataFrame({"crow": crow.astype(np.int32),
                                   "type": pd.Categorical(ch["type"].values, categories=types),
                                   "issue": issue, "due": due,
                                   "cur": pd.Categorical(cur, categories=currencies),
                                   "amount_c": cents(ch["amount"]).values}))
        keys.append(ch["entity"] + "\x1f" + ch["item_id"])
    items = pd.concat(parts, ignore_index=True)
    item_keys = pd.Index(pd.concat(keys, ignore_index=True))
    del parts, keys
    aparts = []
    for ch in pd.read_csv(os.path.join(DATA, "allocations.csv"), dtype=str, keep_default_na=False,
                          chunksize=CHUNK):
        ent = ch["entity"] if "entity" in ch.columns else pd.Series("MAIN", index=ch.index)
        row = item_keys.get_indexer(ent + "\x1f" + ch["item_id"])
        aparts.append(pd.DataFrame({"row": row, "day": days(ch["date"]), "amount_c": cents(ch["amount"]).values}))
    alloc = pd.concat(aparts, ignore_index=True)
    del aparts, item_keys
    fx["day"] = days(fx["date"])
    whole = fx["rate"].str.split(".", expand=True)
    fx["e10"] = whole[0].astype(np.int64) * 10**10 + whole[1].fillna("").str.ljust(10, "0").astype(np.int64)
    fx["f"] = fx["rate"].astype(np.float64)
    fx = fx.sort_values("day")
    ckey = list(zip(cust["entity"], cust["customer_id"]))  # customer row → (entity, customer_id)
    t1 = time.perf_counter()

    def rate_at(cur, day):
        """Rate (int e10 or float) per row for currencies `cur` on days `day` (arrays)."""
        out = np.full(len(cur), 10**10 if exact else 1.0, dtype=np.int64 if exact else np.float64)
        for c, g in fx.groupby("currency"):
            m = cur == c
            if m.any():
                idx = np.searchsorted(g["day"].values, day[m], side="right") - 1
                if (idx < 0).any():
                    raise SystemExit(f"missing rate for {c}")
                out[m] = (g["e10"].values if exact else g["f"].values)[idx]
        return out

    def conv(x, cur, day):
        r = rate_at(cur, day)
        if not exact:
            return np.round(x * r, 2)  # float euros, rounded to the cent as a float pipeline does
        p = x * r  # int64: |x| < 1e8 cents, rate < 2e10 → < 9.2e18
        q, rem = np.divmod(p, 10**10)
        up = (2 * rem > 10**10) | ((2 * rem == 10**10) & (q % 2 == 1))
        return q + up

    A_arr = np.full(len(items), A)
    settled = alloc[alloc["day"] <= A].groupby("row")["amount_c"].sum()
    bal = items["amount_c"].values - settled.reindex(np.arange(len(items)), fill_value=0).values
    live = (items["issue"].values <= A) & (bal != 0)
    balc = conv(bal, items["cur"].values, A_arr)
    dpd = A - items["due"].values
    bucket = np.select([dpd <= 0, dpd <= 30, dpd <= 60, dpd <= 90], [0, 1, 2, 3], 4)
    ag = pd.DataFrame({"crow": items["crow"], "b": bucket, "v": balc})[live]
    aging_t = ag.pivot_table(index="crow", columns="b", values="v", aggfunc="sum", fill_value=0)
    for b in range(5):
        if b not in aging_t.columns:
            aging_t[b] = 0
    ar = pd.Series(np.where(items["issue"].values <= A, balc, 0)).groupby(items["crow"].values).sum()
    sale = items["type"].isin(["", "invoice", "debit_note", "credit_note"]).values & \
        (items["issue"].values > A - 90) & (items["issue"].values <= A)
    sv = conv(items["amount_c"].values, items["cur"].values, items["issue"].values)
    sales = pd.Series(np.where(sale, sv, 0)).groupby(items["crow"].values).sum()
    al = alloc[(alloc["day"] > A - 365) & (alloc["day"] <= A)]
    it = items.iloc[al["row"].values]
    inv = it["type"].isin(["", "invoice", "debit_note"]).values
    al, it = al[inv], it[inv]
    w = conv(al["amount_c"].values, it["cur"].values, al["day"].values)
    late_days = al["day"].values - it["due"].values
    wl = pd.DataFrame({"crow": it["crow"].values, "w": w, "wl": w * late_days}).groupby("crow")[["w", "wl"]].sum()
    t2 = time.perf_counter()

    unit = 1 if exact else 100  # float amounts are euros
    aging = {ckey[k]: [int(round(aging_t.loc[k, b] * unit)) for b in range(5)] for k in aging_t.index}
    dso, late = {}, {}
    for k in ar.index.union(sales.index):
        a, s = ar.get(k, 0), sales.get(k, 0)
        if exact:
            dso[ckey[k]] = rdiv_half_even(int(a) * 900, int(s)) if s > 0 else None
        else:
            dso[ckey[k]] = int(round(a / s * 900)) if s > 0 else None
    for k, r in wl.iterrows():
        if exact:
            late[ckey[k]] = rdiv_half_even(int(r["wl"]) * 10, int(r["w"])) if r["w"] > 0 else None
        else:
            late[ckey[k]] = int(round(r["wl"] / r["w"] * 10)) if r["w"] > 0 else None
    return t1 - t0, t2 - t1, aging, dso, late


# --- SQL (SQLite and PostgreSQL) ----------------------------------------------------
# Half-even division of integers in SQL: q = p / d truncates toward zero in both
# engines; the expressions below round |p|/d half-even and put the sign back.
def sql_half_even(p, d):
    ap = f"abs({p})"
    return (f"((CASE WHEN ({p}) < 0 THEN -1 ELSE 1 END) * "
            f"({ap} / {d} + CASE WHEN 2 * ({ap} % {d}) > {d} OR (2 * ({ap} % {d}) = {d} AND ({ap} / {d}) % 2 = 1) "
            f"THEN 1 ELSE 0 END))")


def run_sql(engine):
    if engine == "sqlite":
        import sqlite3
        db = sqlite3.connect(":memory:")
        num = "INTEGER"
    else:
        import subprocess
        db = None
    rates = fx_rates()
    t0 = time.perf_counter()
    if engine == "sqlite":
        cur = db.cursor()
        cur.execute("CREATE TABLE customers(entity TEXT, customer_id TEXT, currency TEXT, terms INTEGER)")
        cur.execute("CREATE TABLE items(entity TEXT, item_id TEXT, customer_id TEXT, type TEXT, issue INTEGER, "
                    "due INTEGER, currency TEXT, amount INTEGER)")
        cur.execute("CREATE TABLE alloc(entity TEXT, item_id TEXT, day INTEGER, amount INTEGER)")
        cur.execute("CREATE TABLE fx(currency TEXT, day INTEGER, e10 INTEGER)")

        def d(s):
            return (date.fromisoformat(s) - EPOCH).days

        def c(s):  # canonical 2-decimal amounts → cents
            return int(s.replace(".", ""))

        with open(os.path.join(DATA, "customers.csv"), newline="") as f:
            cur.executemany("INSERT INTO customers VALUES (?,?,?,?)",
                            ((r.get("entity") or "MAIN", r["customer_id"], r.get("currency") or BASE,
                              int(r.get("payment_terms_days") or 30)) for r in csv.DictReader(f)))
        with open(os.path.join(DATA, "items.csv"), newline="") as f:
            cur.executemany("INSERT INTO items VALUES (?,?,?,?,?,?,?,?)",
                            ((r["entity"] or "MAIN", r["item_id"], r["customer_id"], r["type"] or "invoice",
                              d(r["issue_date"]), d(r["due_date"]) if r["due_date"] else None,
                              r["currency"] or None, c(r["amount"])) for r in csv.DictReader(f)))
        with open(os.path.join(DATA, "allocations.csv"), newline="") as f:
            cur.executemany("INSERT INTO alloc VALUES (?,?,?,?)",
                            ((r.get("entity") or "MAIN", r["item_id"], d(r["date"]), c(r["amount"]))
                             for r in csv.DictReader(f)))
        cur.executemany("INSERT INTO fx VALUES (?,?,?)", ((k, day, e) for k, v in rates.items() for day, e in v))
        cur.execute("UPDATE items SET currency = (SELECT currency FROM customers c WHERE c.entity = items.entity "
                    "AND c.customer_id = items.customer_id) WHERE currency IS NULL")
        cur.execute("UPDATE items SET due = issue + (SELECT terms FROM customers c WHERE c.entity = items.entity "
                    "AND c.customer_id = items.customer_id) WHERE due IS NULL")
        cur.execute("CREATE UNIQUE INDEX items_key ON items(entity, item_id)")
        cur.execute("CREATE TABLE fxr AS SELECT currency, day AS d_from, COALESCE(LEAD(day) OVER "
                    "(PARTITION BY currency ORDER BY day), 99999999) AS d_to, e10 FROM fx "
                    f"UNION ALL SELECT '{BASE}', -99999999, 99999999, 10000000000")
        db.commit()
        t1 = time.perf_counter()
        he = sql_half_even

        def conv(x, _cur, _day):  # the row is joined with its rate range r
            return he(f"({x}) * r.e10", "10000000000")

        def rj(cur_, day):
            return f"JOIN fxr r ON r.currency = {cur_} AND {day} >= r.d_from AND {day} < r.d_to"

        q_aging = f"""
          WITH s AS (SELECT entity, item_id, SUM(amount) AS paid FROM alloc WHERE day <= {A} GROUP BY entity, item_id),
          b AS (SELECT i.entity, i.customer_id, i.due, i.currency, i.amount - COALESCE(s.paid, 0) AS bal
                FROM items i LEFT JOIN s ON s.entity = i.entity AND s.item_id = i.item_id WHERE i.issue <= {A}),
          c AS (SELECT entity, customer_id, {A} - due AS dpd, {conv('bal', 'b.currency', A)} AS v FROM b
                {rj('b.currency', A)} WHERE bal != 0)
          SELECT entity, customer_id,
            SUM(CASE WHEN dpd <= 0 THEN v ELSE 0 END), SUM(CASE WHEN dpd > 0 AND dpd <= 30 THEN v ELSE 0 END),
            SUM(CASE WHEN dpd > 30 AND dpd <= 60 THEN v ELSE 0 END), SUM(CASE WHEN dpd > 60 AND dpd <= 90 THEN v ELSE 0 END),
            SUM(CASE WHEN dpd > 90 THEN v ELSE 0 END), SUM(v)
          FROM c GROUP BY entity, customer_id"""
        q_sales = f"""SELECT entity, customer_id, SUM({conv('amount', 'items.currency', 'items.issue')})
          FROM items {rj('items.currency', 'items.issue')}
          WHERE type IN ('invoice','debit_note','credit_note') AND issue > {A - 90} AND issue <= {A}
          GROUP BY entity, customer_id"""
        q_late = f"""
          WITH x AS (SELECT i.entity, i.customer_id, a.day - i.due AS late,
                       {conv('a.amount', 'i.currency', 'a.day')} AS w
                     FROM alloc a JOIN items i ON i.entity = a.entity AND i.item_id = a.item_id
                     {rj('i.currency', 'a.day')}
                     WHERE a.day > {A - 365} AND a.day <= {A} AND i.type IN ('invoice','debit_note'))
          SELECT entity, customer_id, SUM(w), SUM(w * late) FROM x GROUP BY entity, customer_id"""
        ag = cur.execute(q_aging).fetchall()
        sales = {(r[0], r[1]): r[2] for r in cur.execute(q_sales).fetchall()}
        lt = cur.execute(q_late).fetchall()
        t2 = time.perf_counter()
    else:
        return run_postgres(rates)
    aging = {(r[0], r[1]): list(r[2:7]) for r in ag}
    ar = {(r[0], r[1]): r[7] for r in ag}
    dso = {}
    for k in set(ar) | set(sales):
        s = sales.get(k, 0)
        dso[k] = rdiv_half_even(ar.get(k, 0) * 900, s) if s > 0 else None
    late = {(r[0], r[1]): (rdiv_half_even(r[3] * 10, r[2]) if r[2] > 0 else None) for r in lt}
    return t1 - t0, t2 - t1, aging, dso, late


def run_postgres(rates):
    import subprocess

    def psql(sql, fetch=False):
        r = subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-A", "-t", "-F", ",", "-d", "postgres",
                            "-c", sql], capture_output=True, text=True)
        if r.returncode != 0:
            raise SystemExit("psql: " + r.stderr)
        return [line.split(",") for line in r.stdout.splitlines() if line] if fetch else None

    t0 = time.perf_counter()
    d = os.path.abspath(DATA)
    psql(f"""
      DROP TABLE IF EXISTS customers, items, alloc, fx;
      CREATE TEMP TABLE c_raw(entity text, customer_id text, name text, country text, language text, currency text,
        payment_terms_days text, credit_limit text, collector text);
      CREATE TABLE customers(entity text, customer_id text, currency text, terms int);
      CREATE TABLE items(entity text, item_id text, customer_id text, type text, issue_date date, due_date date,
        currency text, amount numeric, open_amount numeric, status text, status_date text, promise_date text,
        comment text);
      CREATE TABLE alloc(entity text, item_id text, date date, amount numeric);
      CREATE TABLE fx(date date, currency text, rate numeric);
      COPY items FROM '{d}/items.csv' WITH (FORMAT csv, HEADER true);
      COPY alloc FROM '{d}/allocations.csv' WITH (FORMAT csv, HEADER true);
      COPY fx FROM '{d}/fx.csv' WITH (FORMAT csv, HEADER true);
      COPY c_raw FROM '{d}/customers.csv' WITH (FORMAT csv, HEADER true);
      INSERT INTO customers SELECT COALESCE(NULLIF(entity, ''), 'MAIN'), customer_id,
        COALESCE(NULLIF(currency, ''), '{BASE}'), COALESCE(NULLIF(payment_terms_days, '')::int, 30) FROM c_raw;
      UPDATE items i SET currency = c.currency FROM customers c
        WHERE (i.currency IS NULL OR i.currency = '') AND c.entity = i.entity AND c.customer_id = i.customer_id;
      UPDATE items i SET due_date = i.issue_date + c.terms FROM customers c
        WHERE i.due_date IS NULL AND c.entity = i.entity AND c.customer_id = i.customer_id;
      CREATE UNIQUE INDEX ON items(entity, item_id);
      CREATE TABLE fxr AS SELECT currency, date AS d_from, COALESCE(LEAD(date) OVER (PARTITION BY currency
        ORDER BY date), DATE '9999-12-31') AS d_to, rate FROM fx
        UNION ALL SELECT '{BASE}', DATE '0001-01-01', DATE '9999-12-31', 1;
      ANALYZE;""")
    t1 = time.perf_counter()
    # Half-even to a whole number for numeric (round() is half away from zero).
    he = "(CASE WHEN abs({x} - trunc({x})) = 0.5 THEN 2 * round({x} / 2) ELSE round({x}) END)"
    def conv(x, _cur, _day):  # → numeric euros, half-even to the cent; the row is joined with its rate r
        v = f"(({x}) * r.rate * 100)"
        return f"({he.format(x=v)} / 100)"

    def rj(cur, day):
        return f"JOIN fxr r ON r.currency = {cur} AND {day} >= r.d_from AND {day} < r.d_to"

    A_d = f"DATE '{AS_OF.isoformat()}'"
    rows = psql(f"""
      WITH s AS (SELECT entity, item_id, SUM(amount) AS paid FROM alloc WHERE date <= {A_d} GROUP BY 1, 2),
      b AS (SELECT i.entity, i.customer_id, i.due_date, i.currency, i.amount - COALESCE(s.paid, 0) AS bal
            FROM items i LEFT JOIN s ON s.entity = i.entity AND s.item_id = i.item_id WHERE i.issue_date <= {A_d}),
      c AS (SELECT entity, customer_id, {A_d} - due_date AS dpd, {conv('bal', 'b.currency', A_d)} AS v
            FROM b {rj('b.currency', A_d)} WHERE bal <> 0),
      ag AS (SELECT entity, customer_id,
        SUM(CASE WHEN dpd <= 0 THEN v ELSE 0 END) b0, SUM(CASE WHEN dpd > 0 AND dpd <= 30 THEN v ELSE 0 END) b1,
        SUM(CASE WHEN dpd > 30 AND dpd <= 60 THEN v ELSE 0 END) b2, SUM(CASE WHEN dpd > 60 AND dpd <= 90 THEN v ELSE 0 END) b3,
        SUM(CASE WHEN dpd > 90 THEN v ELSE 0 END) b4, SUM(v) ar FROM c GROUP BY 1, 2),
      sa AS (SELECT entity, customer_id, SUM({conv('amount', 'items.currency', 'items.issue_date')}) AS s
             FROM items {rj('items.currency', 'items.issue_date')} WHERE type IN ('invoice','debit_note','credit_note')
               AND issue_date > {A_d} - 90 AND issue_date <= {A_d} GROUP BY 1, 2),
      x AS (SELECT i.entity, i.customer_id, a.date - i.due_date AS late, {conv('a.amount', 'i.currency', 'a.date')} AS w
            FROM alloc a JOIN items i ON i.entity = a.entity AND i.item_id = a.item_id {rj('i.currency', 'a.date')}
            WHERE a.date > {A_d} - 365 AND a.date <= {A_d} AND i.type IN ('invoice','debit_note')),
      lt AS (SELECT entity, customer_id, SUM(w) w, SUM(w * late) wl FROM x GROUP BY 1, 2)
      SELECT 'A', entity, customer_id, (b0*100)::bigint, (b1*100)::bigint, (b2*100)::bigint, (b3*100)::bigint,
             (b4*100)::bigint, (ar*100)::bigint FROM ag
      UNION ALL SELECT 'S', entity, customer_id, (s*100)::bigint, 0, 0, 0, 0, 0 FROM sa
      UNION ALL SELECT 'L', entity, customer_id, (w*100)::bigint, (wl*100)::bigint, 0, 0, 0, 0 FROM lt""", fetch=True)
    t2 = time.perf_counter()
    aging, ar, sales, late = {}, {}, {}, {}
    for r in rows:
        k = (r[1], r[2])
        v = [int(x) for x in r[3:]]
        if r[0] == "A":
            aging[k], ar[k] = v[:5], v[5]
        elif r[0] == "S":
            sales[k] = v[0]
        else:
            late[k] = rdiv_half_even(v[1] * 10, v[0]) if v[0] > 0 else None
    dso = {k: (rdiv_half_even(ar.get(k, 0) * 900, sales[k]) if sales.get(k, 0) > 0 else None)
           for k in set(ar) | set(sales)}
    return t1 - t0, t2 - t1, aging, dso, late


if __name__ == "__main__":
    if ENGINE in ("pandas_int", "pandas_float"):
        load_s, compute_s, aging, dso, late = run_pandas(ENGINE == "pandas_int")
    elif ENGINE in ("sqlite", "postgres"):
        load_s, compute_s, aging, dso, late = run_sql(ENGINE)
    else:
        raise SystemExit("unknown engine " + ENGINE)
    write_results(aging, dso, late)
    print(json.dumps({"load_s": round(load_s, 3), "compute_s": round(compute_s, 3)}))

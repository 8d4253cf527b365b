#!/usr/bin/python3
"""The pandas peer of bench/rfm.mjs: reads the customers and orders (not timed), then times the
RFM computation: key lookup, date and amount parsing, groupby (count, sum, max), recency, rank +
qcut for R, F and M, and the segment map. Prints one JSON line."""
import json
import sys
import time

import pandas as pd

customers, orders_csv = sys.argv[1], sys.argv[2]
t0 = time.perf_counter()
cust = pd.read_csv(customers, dtype=str, keep_default_na=False, usecols=["customer_id"])
orders = pd.read_csv(orders_csv, dtype=str, keep_default_na=False)
t_read = time.perf_counter() - t0

t0 = time.perf_counter()
c0 = time.process_time()
uniq = pd.unique(cust["customer_id"])
key_index = pd.Series(range(len(uniq)), index=uniq)
k = orders["customer_id"].map(key_index)
day = pd.to_datetime(orders["order_date"], format="%Y-%m-%d", errors="coerce")
amount = pd.to_numeric(orders["amount"], errors="coerce")
ok = k.notna() & day.notna() & amount.notna() & (amount >= 0)
df = pd.DataFrame({"k": k[ok].astype("int64"), "day": day[ok], "amount": amount[ok]})
g = df.groupby("k", sort=True).agg(frequency=("amount", "size"), monetary=("amount", "sum"),
                                   last=("day", "max"))
ref = day.max() + pd.Timedelta(days=1)
g["recency"] = (ref - g["last"]).dt.days
g["r"] = pd.qcut(g["recency"].rank(method="first"), 5, labels=[5, 4, 3, 2, 1]).astype(int)
g["f"] = pd.qcut(g["frequency"].rank(method="first"), 5, labels=[1, 2, 3, 4, 5]).astype(int)
g["m"] = pd.qcut(g["monetary"].rank(method="first"), 5, labels=[1, 2, 3, 4, 5]).astype(int)
seg = [[("New", "Potential loyalist", "Potential loyalist", "Champions", "Champions"),
        ("Promising", "Potential loyalist", "Potential loyalist", "Loyal", "Loyal"),
        ("About to sleep", "About to sleep", "Need attention", "Loyal", "Loyal"),
        ("Hibernating", "Hibernating", "At risk", "At risk", "Cannot lose them"),
        ("Lost", "Hibernating", "At risk", "At risk", "Cannot lose them")]]
table = pd.Series([seg[0][5 - r][f - 1] for r in range(5, 0, -1) for f in range(1, 6)],
                  index=[r * 10 + f for r in range(5, 0, -1) for f in range(1, 6)])
g["segment"] = (g["r"] * 10 + g["f"]).map(table)
sizes = g["segment"].value_counts()
t_rfm = time.perf_counter() - t0
c_rfm = time.process_time() - c0
print(json.dumps({"read_s": t_read, "rfm_s": t_rfm, "rfm_cpu_s": c_rfm, "orders": len(orders),
                  "customers_with_orders": len(g), "champions": int(sizes.get("Champions", 0))}))

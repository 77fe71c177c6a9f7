#!/usr/bin/env python3
"""Diff Eddy's rows for one of the peers' queries against the DuckDB oracle.

Usage: diff_rows.py QUERY ORACLE.csv EDDY.csv [--show N] [--json OUT.json]

  ORACLE.csv  run_duckdb.py output: header, window bounds as epoch milliseconds.
  EDDY.csv    `eddy run qN.sql --format csv`: header, window bounds as ISO-8601 UTC
              timestamps (2024-01-01T00:00:00 or ...T00:00:00.250).

Both sides are normalised the same way before comparing: columns are picked by name
(so their order does not matter), timestamps become epoch milliseconds, integers are
compared exactly and doubles with a relative tolerance of 1e-9 (sums are added in a
different order by each engine). Rows are matched on a key:

  q1  user                                  (a multiset: values of one key are sorted)
  q2  window_start, window_end, page        values cnt, sum_amount, max_amount
  q3  window_start, window_end, user        value  cnt
  q4  window_start, window_end, user        value  cnt

Prints one line of counts (and examples of differences); exit 0 iff the rows agree.
Standard library only.
"""
import argparse
import collections
import csv
import datetime
import gc
import json
import math
import sys

# column name -> kind: 'ts' (timestamp / epoch ms), 'int', 'float', 'str'
SCHEMAS = {
    "q1": (["user"], [("amount2", "float")]),
    "q2": (["window_start", "window_end", "page"],
           [("cnt", "int"), ("sum_amount", "float"), ("max_amount", "float")]),
    "q3": (["window_start", "window_end", "user"], [("cnt", "int")]),
    "q4": (["window_start", "window_end", "user"], [("cnt", "int")]),
}
TS_COLS = {"window_start", "window_end"}

EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
_ts_cache = {}


def to_ms(s):
    """Epoch ms from either an integer string (DuckDB) or an ISO timestamp (Eddy)."""
    v = _ts_cache.get(s)
    if v is not None:
        return v
    try:
        v = int(s)
    except ValueError:
        t = s.strip().replace(" ", "T")
        if t.endswith("Z"):
            t = t[:-1]
        d = datetime.datetime.fromisoformat(t)
        if d.tzinfo is None:
            d = d.replace(tzinfo=datetime.timezone.utc)
        delta = d - EPOCH
        v = (delta.days * 86400 + delta.seconds) * 1000 + delta.microseconds // 1000
    _ts_cache[s] = v
    return v


def load(path, query):
    """Returns (row count, {key: first value tuple}, {key: [further value tuples]})."""
    keys, vals = SCHEMAS[query]
    first, more = {}, {}
    n = 0
    with open(path, newline="") as fh:
        r = csv.reader(fh)
        header = next(r)
        idx = {name: i for i, name in enumerate(header)}
        missing = [c for c in keys + [v for v, _ in vals] if c not in idx]
        if missing:
            sys.exit(f"{path}: missing columns {missing} (header {header})")
        # one compiled converter per file: row -> (key tuple, value tuple)
        kx = ", ".join(f"to_ms(row[{idx[c]}])" if c in TS_COLS else f"row[{idx[c]}]"
                       for c in keys)
        vx = ", ".join(f"{'int' if kind == 'int' else 'float'}(row[{idx[c]}])"
                       for c, kind in vals)
        conv = eval(f"lambda row: (({kx},), ({vx},))", {"to_ms": to_ms})
        setd = first.setdefault
        for row in r:
            if not row:
                continue
            n += 1
            k, v = conv(row)
            if setd(k, v) is not v:
                more.setdefault(k, []).append(v)
    return n, first, more


def same(a, b):
    for x, y in zip(a, b):
        if isinstance(x, float):
            if not math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-9):
                return False
        elif x != y:
            return False
    return True


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("query", choices=sorted(SCHEMAS))
    ap.add_argument("oracle")
    ap.add_argument("eddy")
    ap.add_argument("--show", type=int, default=5)
    ap.add_argument("--json", help="also write the summary here as JSON")
    a = ap.parse_args()
    gc.disable()  # millions of small tuples: the cyclic GC would only slow the loading
    n_o, o, o_more = load(a.oracle, a.query)
    n_e, e, e_more = load(a.eddy, a.query)
    matched = mismatched = only_o = only_e = 0
    ex_diff, ex_only_o, ex_only_e = [], [], []
    multi = o_more.keys() | e_more.keys()
    # fast path: keys with one row on each side, most of them exactly equal
    for k, x in o.items():
        if k in multi:
            continue
        y = e.get(k)
        if y is None:
            only_o += 1
            ex_only_o.append({"key": k, "duckdb": [x]})
        elif x == y or same(x, y):
            matched += 1
        else:
            mismatched += 1
            ex_diff.append({"key": k, "duckdb": x, "eddy": y})
    for k in e.keys() - o.keys():
        if k in multi:
            continue
        only_e += 1
        ex_only_e.append({"key": k, "eddy": [e[k]]})
    # keys with several rows (q1: one row per buy of a user): equal rows match, the rest
    # are paired in sorted order (within tolerance they match, else they differ); surplus
    # rows on either side count as rows only that side has
    for k in multi:
        co = collections.Counter(([o[k]] if k in o else []) + o_more.get(k, []))
        ce = collections.Counter(([e[k]] if k in e else []) + e_more.get(k, []))
        exact = co & ce  # rows equal on both sides, then the rest paired in sorted order
        matched += sum(exact.values())
        vo = sorted((co - exact).elements())
        ve = sorted((ce - exact).elements())
        for x, y in zip(vo, ve):
            if same(x, y):
                matched += 1
            else:
                mismatched += 1
                ex_diff.append({"key": k, "duckdb": x, "eddy": y})
        if len(vo) > len(ve):
            only_o += len(vo) - len(ve)
            ex_only_o.append({"key": k, "duckdb": vo[len(ve):][:3]})
        elif len(ve) > len(vo):
            only_e += len(ve) - len(vo)
            ex_only_e.append({"key": k, "eddy": ve[len(vo):][:3]})
    ex_diff, ex_only_o, ex_only_e = (sorted(x, key=lambda d: d["key"])[:a.show]
                                     for x in (ex_diff, ex_only_o, ex_only_e))
    ok = mismatched == 0 and only_o == 0 and only_e == 0 and n_o == n_e
    summary = {"query": a.query, "duckdb_rows": n_o, "eddy_rows": n_e, "matched": matched,
               "mismatched": mismatched, "only_duckdb": only_o, "only_eddy": only_e,
               "agree": ok}
    # totals of the count column: with late drops, their difference is the events dropped
    if a.query != "q1":
        summary["duckdb_total_cnt"] = (sum(v[0] for v in o.values())
                                       + sum(v[0] for vs in o_more.values() for v in vs))
        summary["eddy_total_cnt"] = (sum(v[0] for v in e.values())
                                     + sum(v[0] for vs in e_more.values() for v in vs))
    print(f"{a.query}: duckdb {n_o} rows, eddy {n_e} rows: {matched} matched, "
          f"{mismatched} mismatched, {only_o} only in duckdb, {only_e} only in eddy"
          + (f" (count totals {summary['duckdb_total_cnt']} / {summary['eddy_total_cnt']})"
             if a.query != "q1" else "")
          + (" -- AGREE" if ok else " -- DIFFER"))
    for title, ex in (("value differs", ex_diff), ("only in duckdb", ex_only_o),
                      ("only in eddy", ex_only_e)):
        for x in ex:
            print(f"    {title}: {x}")
    if a.json:
        summary.update(examples_diff=ex_diff, examples_only_duckdb=ex_only_o,
                       examples_only_eddy=ex_only_e)
        with open(a.json, "w") as fh:
            json.dump(summary, fh, default=str)
            fh.write("\n")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()

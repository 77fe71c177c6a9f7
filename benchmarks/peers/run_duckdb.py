#!/usr/bin/env python3
"""Runs the peer queries through DuckDB in batch: the oracle of compare.sh and the batch
engine that bench.sh times Eddy against.

Usage: run_duckdb.py INPUT.jsonl QUERY OUTDIR [--threads N] [--format csv|json]
                     [--unordered] [--flink-late-wm-ms D]
  QUERY   q1 | q2 | q3 | q4 (the scripts q1.sql .. q4.sql of this folder)
Writes OUTDIR/QUERY.csv (header; window bounds as epoch ms; rows sorted) or, with
--format json, OUTDIR/QUERY.jsonl, and prints one JSON line: timings and row count.

What each query means, as Flink's window table functions define it (ts in epoch ms):
  q1  WHERE kind = 'buy', SELECT user, amount * 2
  q2  TUMBLE 10 s per page: window_start = floor(ts / 10000) * 10000
  q3  HOP size 10 s, slide 2 s, per user: an event is in the 5 windows starting at
      floor(ts / 2000) * 2000 - k * 2000, k = 0..4
  q4  SESSION gap 5 s per user: Flink merges windows [t, t + gap) whose closed intervals
      touch, so a session goes on while the gap to the user's previous event is <= 5000
      ms; window_end = last ts + 5000
DuckDB sees every event (no watermark, nothing late) unless --flink-late-wm-ms D is
given (q2 and q3): then an event counts in a window only if that window's end - 1 is
above Flink's per-event watermark, max(ts of the events before it in the file) - D.
--unordered leaves the rows in DuckDB's order (bench.sh: no sort a streaming engine
would not do either).
"""
import argparse
import json
import os
import time

import duckdb

SOURCE = ("read_json('{path}', format='newline_delimited', columns={{'ts': 'BIGINT', "
          "'user': 'VARCHAR', 'page': 'VARCHAR', 'amount': 'DOUBLE', 'kind': 'VARCHAR'}})")

# With the late emulation the events first go into a table, whose rowid keeps file order.
WITH_WATERMARK = """(SELECT ts, "user", page, amount, kind,
    max(ts) OVER (ORDER BY rowid ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) - {delay} AS wm
  FROM events_table)"""

QUERIES = {
    "q1": ("""SELECT "user", amount * 2 AS amount2 FROM {src} WHERE kind = 'buy'""",
           "ORDER BY ALL"),
    "q2": ("""SELECT window_start, window_start + 10000 AS window_end, page, count(*) AS cnt,
                     sum(amount) AS sum_amount, max(amount) AS max_amount
              FROM (SELECT (ts // 10000) * 10000 AS window_start, page, amount, {wm} FROM {src})
              WHERE {late_ok}
              GROUP BY window_start, page""",
           "ORDER BY window_start, page"),
    "q3": ("""SELECT window_start, window_start + 10000 AS window_end, "user", count(*) AS cnt
              FROM (SELECT "user", ((ts // 2000) - k) * 2000 AS window_start, {wm}
                    FROM {src}, range(0, 5) AS slides(k))
              WHERE {late_ok}
              GROUP BY window_start, "user" """,
           "ORDER BY window_start, \"user\""),
    "q4": ("""WITH marked AS (
                SELECT "user", ts,
                       CASE WHEN ts - lag(ts) OVER (PARTITION BY "user" ORDER BY ts) <= 5000
                            THEN 0 ELSE 1 END AS starts
                FROM {src}),
              numbered AS (
                SELECT "user", ts, sum(starts) OVER (PARTITION BY "user" ORDER BY ts
                    ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS session
                FROM marked)
              SELECT min(ts) AS window_start, max(ts) + 5000 AS window_end, "user",
                     count(*) AS cnt
              FROM numbered GROUP BY "user", session""",
           "ORDER BY window_start, \"user\""),
}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("input")
    ap.add_argument("query", choices=sorted(QUERIES))
    ap.add_argument("outdir")
    ap.add_argument("--threads", type=int, default=0, help="0: DuckDB's default, every core")
    ap.add_argument("--format", choices=("csv", "json"), default="csv")
    ap.add_argument("--unordered", action="store_true")
    ap.add_argument("--flink-late-wm-ms", type=int, default=None)
    a = ap.parse_args()
    os.makedirs(a.outdir, exist_ok=True)

    started = time.perf_counter()
    con = duckdb.connect()
    if a.threads:
        con.execute(f"SET threads = {a.threads}")
    src = SOURCE.format(path=a.input.replace("'", "''"))
    body, order = QUERIES[a.query]
    wm, late_ok = "NULL AS wm", "TRUE"
    if a.flink_late_wm_ms is not None:
        if a.query not in ("q2", "q3"):
            ap.error("--flink-late-wm-ms is for q2 and q3")
        con.execute("SET preserve_insertion_order = true")
        con.execute(f"CREATE TABLE events_table AS SELECT * FROM {src}")
        src = WITH_WATERMARK.format(delay=a.flink_late_wm_ms)
        wm, late_ok = "wm", "wm IS NULL OR window_start + {size} - 1 > wm".format(size=10000)
    sql = body.format(src=src, wm=wm, late_ok=late_ok)
    if not a.unordered:
        sql += "\n" + order
    if a.format == "csv":
        out = os.path.join(a.outdir, f"{a.query}.csv")
        options = "HEADER, DELIMITER ','"
    else:
        out = os.path.join(a.outdir, f"{a.query}.jsonl")
        options = "FORMAT JSON"
    con.execute(f"COPY ({sql}) TO '{out}' ({options})")
    elapsed = time.perf_counter() - started
    rows = sum(1 for _ in open(out, "rb")) - (1 if a.format == "csv" else 0)
    print(json.dumps({"peer": "duckdb", "version": duckdb.__version__, "query": a.query,
                      "input": a.input, "seconds": round(elapsed, 4), "rows_out": rows}))


if __name__ == "__main__":
    main()

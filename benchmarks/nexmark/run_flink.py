#!/usr/bin/env python3
"""Runs one Nexmark query through Apache Flink (PyFlink, the local mini-cluster, streaming
mode) over the files `eddy gen nexmark` wrote.

Usage: run_flink.py DATA_DIR OUT_DIR flink/qN.sql... [--parallelism P]

Runs the queries one after the other in one JVM (its start is paid once). Writes each
query's changes to OUT_DIR/flink-qN.jsonl, one JSON array a line: the change's kind (+I -U +U
-D) then the row's values, timestamps as epoch milliseconds, decimals as numbers. Prints
one JSON line a query: setup_s (the JVM and table environment), job_s (from submitting the timed
job to its end: planning, the mini-cluster job, end of input), net_s (Flink's own net
runtime of that job, RUNNING to FINISHED), the number of changes, Flink's version.

Each query runs once, timed, into Flink's filesystem sink, as Eddy writes its file sink:
an append-only result as JSON, an updating one as Debezium JSON (a change a line), and
those files give the rows.

The tables come from flink/ddl.sql (${DATA_DIR} replaced). Every statement of the query
file but the last sets up (views); the last is the query. The sources are bounded files:
at their end Flink's watermark becomes +infinity, so every window fires, as in Eddy.
"""
import argparse
import datetime
import decimal
import json
import os
import shutil
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "flink"))
import sqlsplit  # noqa: E402

T0 = time.perf_counter()
from pyflink.table import EnvironmentSettings, TableDescriptor, TableEnvironment  # noqa: E402

EPOCH = datetime.datetime(1970, 1, 1)


def statements(text):
    """The statements of a SQL file, comments dropped (sqlsplit: ';' in quotes or
    comments does not end one)."""
    return [s for s in (sqlsplit.strip_comments(x).strip() for x in sqlsplit.split(text)) if s]


def plain(v):
    if isinstance(v, datetime.datetime):
        if v.tzinfo is not None:
            v = v.astimezone(datetime.timezone.utc).replace(tzinfo=None)
        return (v - EPOCH) // datetime.timedelta(milliseconds=1)
    if isinstance(v, decimal.Decimal):
        return float(v)
    return v


def file_sink(path, fmt):
    return TableDescriptor.for_connector("filesystem").option("path", path).format(fmt).build()


def run_query(env, query, out_path):
    """Runs one query file; returns its JSON report."""
    t0 = time.perf_counter()
    with open(query) as f:
        stmts = statements(f.read())
    for s in stmts[:-1]:
        env.execute_sql(s)
    t1 = time.perf_counter()
    sink_dir = out_path + ".flink"
    shutil.rmtree(sink_dir, ignore_errors=True)
    table = env.sql_query(stmts[-1])
    appending = True
    try:
        result = table.execute_insert(file_sink(sink_dir, "json"))
    except Exception as e:  # noqa: BLE001
        if "update" not in str(e).lower() and "retract" not in str(e).lower():
            raise
        # An updating result: the same sink, each change a Debezium JSON record.
        appending = False
        table = env.sql_query(stmts[-1])
        result = table.execute_insert(file_sink(sink_dir, "debezium-json"))
    result.wait()
    t2 = time.perf_counter()
    net = None
    try:
        net = result.get_job_client().get_job_execution_result().result().get_net_runtime() / 1000.0
    except Exception:  # noqa: BLE001
        pass
    changes = 0
    with open(out_path, "w") as out:
        for root, _, files in os.walk(sink_dir):
            for name in sorted(files):
                if name.startswith("_"):
                    continue
                with open(os.path.join(root, name)) as f:
                    for line in f:
                        if not line.strip():
                            continue
                        obj = json.loads(line)
                        if appending:
                            records = [("+I", obj)]
                        else:
                            # Flink writes -U and -D as "d" with the old row, +I and +U as "c".
                            records = [("-D", obj["before"])] if obj["op"] == "d" else [("+I", obj["after"])]
                            if obj["op"] == "u":
                                records = [("-U", obj["before"]), ("+U", obj["after"])]
                        for kind, row in records:
                            out.write(json.dumps([kind] + [plain(v) for v in row.values()]) + "\n")
                            changes += 1
        shutil.rmtree(sink_dir, ignore_errors=True)
    return {"query": os.path.basename(query)[:-4], "sink": "json" if appending else "debezium-json",
            "setup_s": round(t1 - t0, 3), "job_s": round(t2 - t1, 3), "net_s": net, "changes": changes}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("data")
    ap.add_argument("out_dir")
    ap.add_argument("queries", nargs="+")
    ap.add_argument("--parallelism", type=int, default=1)
    a = ap.parse_args()

    env = TableEnvironment.create(EnvironmentSettings.in_streaming_mode())
    cfg = env.get_config()
    cfg.set("parallelism.default", str(a.parallelism))
    cfg.set("table.local-time-zone", "UTC")
    here = os.path.dirname(os.path.abspath(__file__))
    data = os.path.abspath(a.data)
    with open(os.path.join(here, "flink", "ddl.sql")) as f:
        for s in statements(f.read().replace("${DATA_DIR}", data)):
            env.execute_sql(s)
    import pyflink
    print(json.dumps({"flink": getattr(pyflink, "__version__", "?"), "parallelism": a.parallelism,
                      "import_s": round(T1_IMPORT - T0, 3), "setup_s": round(time.perf_counter() - T1_IMPORT, 3)}),
          flush=True)
    failed = 0
    for q in a.queries:
        name = os.path.basename(q)[:-4]
        try:
            report = run_query(env, q, os.path.join(a.out_dir, f"flink-{name}.jsonl"))
        except Exception as e:  # noqa: BLE001
            # Flink's Java exceptions are long; the first lines say what went wrong.
            report = {"query": name, "error": "\n".join(str(e).splitlines()[:6])}
            failed += 1
        print(json.dumps(report), flush=True)
    return 1 if failed else 0


T1_IMPORT = time.perf_counter()

if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Eddy against Apache Flink: every example and conformance case that has a Flink
equivalent is exported with `eddy compile --target flink`, run in Flink's local
mini-cluster (PyFlink, streaming mode, bounded filesystem sources) over the same files,
and run with `eddy run`; the final results are compared (changelogs folded: +I/+U add a
row, -U/-D take one away). Then one larger input is timed on both.

Usage: flink_diff.py --eddy EDDY --out DIR [--only SUBSTRING] [--events N] [--no-timing]

Run through flink-diff.sh, which makes the Python environment and builds Eddy.
Both engines move the watermark after every event (Eddy `--batch-size 1`, Flink
`pipeline.auto-watermark-interval` 0), with parallelism 1, so late events are the same.
"""
import argparse
import collections
import datetime
import decimal
import json
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cases as case_list  # noqa: E402
import sqlsplit  # noqa: E402
from changelog import fold  # noqa: E402

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


# --- values -------------------------------------------------------------------------------
def norm(v):
    """One value as comparable text: timestamps as Eddy prints them, numbers to 10
    significant digits (the engines add doubles in another order), NULL."""
    if v is None:
        return "NULL"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, datetime.datetime):
        s = v.strftime("%Y-%m-%dT%H:%M:%S")
        ms = v.microsecond // 1000
        return s + (f".{ms:03d}" if ms else "")
    if isinstance(v, int):
        return str(v)
    if isinstance(v, (float, decimal.Decimal)):
        f = float(v)
        if f != f:
            return "NaN"
        if f in (float("inf"), float("-inf")):
            return "Infinity" if f > 0 else "-Infinity"
        if f == int(f) and abs(f) < 1e15:
            return str(int(f))
        return "%.10g" % f
    return str(v)


# --- Eddy -----------------------------------------------------------------------------------
def run_eddy(eddy, script, timeout=300):
    p = subprocess.run([eddy, "run", script, "--format", "json", "--batch-size", "1"],
                       capture_output=True, text=True, timeout=timeout, cwd=os.path.dirname(script))
    if p.returncode != 0:
        raise RuntimeError(p.stderr.strip().splitlines()[0] if p.stderr.strip() else f"exit {p.returncode}")
    changes = []
    for line in p.stdout.splitlines():
        if not line.strip():
            continue
        obj = json.loads(line)
        op = obj.pop("op", "+I")
        changes.append((op, tuple(norm(v) for v in obj.values())))
    return fold(changes)


def export(eddy, script, target):
    p = subprocess.run([eddy, "compile", script, "--target", "flink", "-o", target],
                       capture_output=True, text=True, timeout=120)
    if p.returncode != 0:
        lines = [l for l in p.stderr.splitlines() if l.strip()]
        return (lines[0] if lines else f"exit {p.returncode}")
    return None


# --- Flink ----------------------------------------------------------------------------------
class Flink:
    def __init__(self):
        from pyflink.table import EnvironmentSettings, TableEnvironment
        self.EnvironmentSettings = EnvironmentSettings
        self.TableEnvironment = TableEnvironment

    def env(self):
        env = self.TableEnvironment.create(self.EnvironmentSettings.in_streaming_mode())
        cfg = env.get_config()
        cfg.set("parallelism.default", "1")
        cfg.set("pipeline.auto-watermark-interval", "0 ms")
        return env

    @staticmethod
    def _declare(env, flink_sql):
        """Runs the declarations of an exported script; returns its last query's text."""
        query = None
        for stmt in sqlsplit.split(flink_sql):
            code = sqlsplit.strip_comments(stmt).strip()
            words = code.upper().split()
            if words[0] == "SET":
                key, value = [x.strip().strip("'") for x in code[3:].split("=", 1)]
                env.get_config().set(key, value)
            elif words[0] in ("SELECT", "WITH") or code.startswith("("):
                query = code
            else:
                env.execute_sql(code).wait()
        if query is None:
            raise RuntimeError("the export has no query")
        return query

    def run(self, flink_sql):
        """Runs an exported script as one job; the rows of its query, folded."""
        env = self.env()
        result = env.execute_sql(self._declare(env, flink_sql))
        changes = []
        with result.collect() as rows:
            for r in rows:
                changes.append((r.get_row_kind().name, tuple(norm(v) for v in r)))
        return fold(changes)

    def run_batch(self, items, folder):
        """Runs several exported scripts [(key, sql)] as one job (a Flink job costs seconds
        to start): each in a database of its own, its query into a filesystem table in
        Debezium JSON (a changelog). Returns {key: rows or Exception}; raises when the job
        fails (then run them one by one)."""
        env = self.env()
        stmt_set = env.create_statement_set()
        out, pending = {}, {}
        for i, (key, sql) in enumerate(items):
            try:
                env.execute_sql(f"CREATE DATABASE IF NOT EXISTS case{i}").wait()
                env.execute_sql(f"USE case{i}").wait()
                table = env.sql_query(self._declare(env, sql))
                cols = table._j_table.getResolvedSchema().getColumns()
                types = []
                for j in range(cols.size()):
                    t = cols.get(j).getDataType().getLogicalType().copy(True).asSerializableString()
                    types.append(t)
                path = os.path.join(folder, f"batch{i}")
                if os.path.exists(path):
                    import shutil
                    shutil.rmtree(path)
                ddl = ", ".join(f"c{j} {t}" for j, t in enumerate(types))
                env.execute_sql(f"CREATE TABLE sink{i} ({ddl}) WITH ('connector' = 'filesystem', "
                                f"'path' = '{path}', 'format' = 'debezium-json')").wait()
                stmt_set.add_insert(f"sink{i}", table)
                pending[key] = (path, types)
            except Exception as e:  # noqa: BLE001
                out[key] = e
        if pending:
            stmt_set.execute().wait()
        for key, (path, types) in pending.items():
            changes = []
            for root, _, files in os.walk(path):
                for f in sorted(files):
                    if f.startswith(".") or f.startswith("_"):
                        continue
                    for line in open(os.path.join(root, f)):
                        if not line.strip():
                            continue
                        obj = json.loads(line)
                        for part, op in (("before", "-D"), ("after", "+I")):
                            if obj.get(part) is not None:
                                row = obj[part]
                                changes.append((op, tuple(norm_typed(row[f"c{j}"], types[j]) for j in range(len(types)))))
            out[key] = fold(changes)
        return out


def check_exports(flink, folder):
    """Plans every golden export (Tests/Golden/flink/*.flink.sql) in Flink without running
    it: each statement must be accepted, each query and INSERT planned. Scripts with Kafka
    or JDBC tables are left out (PyFlink has no such connectors)."""
    import re
    bad = 0
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".flink.sql"):
            continue
        sql = open(os.path.join(folder, name)).read()
        if re.search(r"'connector' = '(kafka|jdbc)'", sql):
            print(f"{name:<28} skipped (Kafka or JDBC connector)")
            continue
        env = flink.env()
        try:
            for stmt in sqlsplit.split(sql):
                code = sqlsplit.strip_comments(stmt).strip()
                words = code.upper().split()
                if words[0] == "SET":
                    key, value = [x.strip().strip("'") for x in code[3:].split("=", 1)]
                    env.get_config().set(key, value)
                elif words[0] == "RESET":
                    pass  # a statement of the SQL client, not of TableEnvironment
                elif words[0] in ("SELECT", "WITH") or code.startswith("("):
                    env.explain_sql(code)
                elif words[:3] == ["EXECUTE", "STATEMENT", "SET"]:
                    body = re.sub(r"^EXECUTE\s+STATEMENT\s+SET\s+BEGIN|END\s*$", "", code, flags=re.I)
                    for insert in sqlsplit.split(body):
                        env.explain_sql(sqlsplit.strip_comments(insert).strip())
                else:
                    env.execute_sql(code).wait()
            print(f"{name:<28} accepted by Flink")
        except Exception as e:  # noqa: BLE001
            bad += 1
            print(f"{name:<28} REFUSED: {short_error(e)}")
    return bad


def norm_typed(v, sql_type):
    """A value read back from Flink's JSON: timestamps come as 'yyyy-MM-dd HH:mm:ss[.S]'."""
    if isinstance(v, str) and sql_type.startswith("TIMESTAMP"):
        date, _, rest = v.replace("T", " ").partition(" ")
        hms, _, frac = rest.partition(".")
        ms = int((frac + "000")[:3]) if frac else 0
        return date + "T" + hms + (f".{ms:03d}" if ms else "")
    if isinstance(v, str) and sql_type.startswith(("DOUBLE", "FLOAT")):
        return norm(float(v))
    return norm(v)


def short_error(e):
    text = str(e)
    causes = [l.strip() for l in text.splitlines() if "Caused by" in l]
    first = next((l.strip() for l in text.splitlines() if "Exception" in l), text.splitlines()[0] if text else "?")
    return (causes[-1] if causes else first)[:200]


def diff(eddy_rows, flink_rows, k=2):
    only_e = list((eddy_rows - flink_rows).elements())[:k]
    only_f = list((flink_rows - eddy_rows).elements())[:k]
    parts = []
    if only_e:
        parts.append("eddy only: " + "; ".join(" ".join(r) for r in only_e))
    if only_f:
        parts.append("flink only: " + "; ".join(" ".join(r) for r in only_f))
    return " | ".join(parts)


# --- timing ---------------------------------------------------------------------------------
def timing(eddy, flink, out, n):
    import random
    folder = os.path.join(out, "timing")
    os.makedirs(folder, exist_ok=True)
    data = os.path.join(folder, "clicks.jsonl")
    if not os.path.exists(data) or sum(1 for _ in open(data)) != n:
        rnd = random.Random(7)
        t0 = 1704067200000
        with open(data, "w") as f:
            for i in range(n):
                ts = t0 + i * 10 + rnd.randint(-2000, 0)
                f.write(json.dumps({"user_id": f"u{rnd.randint(1, 5000)}", "page": f"/p/{rnd.randint(1, 200)}",
                                    "ts": ts}) + "\n")
    script = os.path.join(folder, "timing.sql")
    with open(script, "w") as f:
        f.write("CREATE SOURCE clicks (user_id VARCHAR, page VARCHAR, ts TIMESTAMP(3),\n"
                "  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND)\n"
                f"WITH ('connector' = 'file', 'path' = '{data}', 'format' = 'json');\n"
                "SELECT page, window_start, COUNT(*) AS views, COUNT(DISTINCT user_id) AS visitors\n"
                "FROM TUMBLE(clicks, ts, INTERVAL '1' MINUTE) GROUP BY page, window_start, window_end;\n")
    t = time.perf_counter()
    p = subprocess.run([eddy, "run", script, "--format", "json"], capture_output=True, text=True)
    eddy_s = time.perf_counter() - t
    eddy_rows = sum(1 for l in p.stdout.splitlines() if l.strip())
    target = os.path.join(folder, "timing.flink.sql")
    err = export(eddy, script, target)
    if err:
        print(f"timing: export failed: {err}")
        return
    sql = open(target).read()
    t = time.perf_counter()
    flink_rows = sum(flink.run(sql).values())
    flink_s = time.perf_counter() - t
    print(f"\ntiming: {n:,} events, TUMBLE 1 min per page with COUNT(DISTINCT); wall time incl. start-up")
    print(f"  eddy  {eddy_s:8.2f} s  {eddy_rows:,} rows  ({n / eddy_s:,.0f} events/s)")
    print(f"  flink {flink_s:8.2f} s  {flink_rows:,} rows  ({n / flink_s:,.0f} events/s; JVM already up)")
    print(f"  flink / eddy = {flink_s / eddy_s:.1f}x")


# --- main -----------------------------------------------------------------------------------
def known_differences():
    """Case name -> reason, from known_differences.txt beside this script."""
    known = {}
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "known_differences.txt")) as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith("#"):
                name, _, reason = line.partition(" ")
                known[name] = reason.strip()
    return known


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--eddy", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--only", default=None, help="run only cases whose name contains this")
    ap.add_argument("--events", type=int, default=1_000_000, help="events of the timed input")
    ap.add_argument("--no-timing", action="store_true")
    ap.add_argument("--check-exports", action="store_true",
                    help="only plan the golden exports of Tests/Golden/flink in Flink")
    a = ap.parse_args()
    out = os.path.abspath(a.out)
    if a.check_exports:
        sys.exit(1 if check_exports(Flink(), os.path.join(REPO, "Tests", "Golden", "flink")) else 0)

    known = known_differences()
    all_cases = case_list.example_cases(REPO, out) + case_list.conformance_cases(REPO, out)
    if a.only:
        all_cases = [c for c in all_cases if a.only in c.name]
    flink = Flink()
    results = []
    print(f"{'case':<40} {'eddy':>5} {'flink':>5}  result", flush=True)
    groups = collections.OrderedDict()
    for c in all_cases:
        groups.setdefault(c.name.split("#")[0], []).append(c)
    for group, members in groups.items():
        state = {}
        for c in members:
            script = c.write()
            try:
                state[c.name] = {"eddy": run_eddy(a.eddy, script)}
            except Exception as e:  # noqa: BLE001
                state[c.name] = {"status": "eddy-error", "detail": str(e)[:160]}
                continue
            target = os.path.join(c.folder, "case.flink.sql")
            err = export(a.eddy, script, target)
            if err:
                state[c.name].update(status="no-flink", detail=err[:200])
            else:
                state[c.name]["sql"] = open(target).read()
        runnable = [(n, st["sql"]) for n, st in state.items() if "sql" in st]
        flink_out = {}
        if runnable:
            try:
                flink_out = flink.run_batch(runnable, os.path.join(out, "flink", group.replace("/", "__")))
            except Exception:  # noqa: BLE001
                for n, sql in runnable:
                    try:
                        flink_out[n] = flink.run(sql)
                    except Exception as e:  # noqa: BLE001
                        flink_out[n] = e
        for c in members:
            st = state[c.name]
            e_n = str(sum(st["eddy"].values())) if "eddy" in st else "-"
            f_n, status, detail = "-", st.get("status", ""), st.get("detail", "")
            if not status:
                got = flink_out.get(c.name)
                if isinstance(got, Exception) or got is None:
                    status, detail = "flink-error", short_error(got) if got else "no result"
                else:
                    f_n = str(sum(got.values()))
                    if got == st["eddy"]:
                        status = "agree"
                    elif c.name in known:
                        status, detail = "known", f"{known[c.name]} | {diff(st['eddy'], got)}"
                    else:
                        status, detail = "DIFFER", diff(st["eddy"], got)
            results.append((c.name, status))
            print(f"{c.name:<40} {e_n:>5} {f_n:>5}  {status}{'  ' + detail if detail else ''}", flush=True)

    counts = collections.Counter(s for _, s in results)
    compared = counts["agree"] + counts["known"] + counts["DIFFER"] + counts["flink-error"]
    print(f"\n{counts['agree']} of {compared} cases with a Flink equivalent agree "
          f"({counts['known']} differ as known_differences.txt explains, {counts['DIFFER']} differ otherwise, "
          f"{counts['flink-error']} fail in Flink); "
          f"{counts['no-flink']} refused by the export, {counts['eddy-error']} not runnable as one script by eddy run")
    if not a.no_timing:
        timing(a.eddy, flink, out, a.events)
    sys.exit(0 if counts["DIFFER"] == 0 and counts["flink-error"] == 0 else 1)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Times Eddy (one and two workers) and DuckDB on the same file, query by query, as whole
processes: wall time and peak resident memory, the median of N alternating runs.

Usage: bench.py INPUT.jsonl OUTDIR --eddy BIN --python VENV_PYTHON
                [--runs 5] [--queries "q1 q2 q3 q4"] [--engines "p1 p2 duckdb"] [--json FILE]

Eddy runs qN.sql of this folder with its SELECT sent to a JSON-lines file sink; DuckDB
runs run_duckdb.py --format json --unordered (its own default threads: every core), so
both read the same JSON lines and write JSON lines, and neither sorts. The runs of one
query alternate between the engines (p1, p2, duckdb, p1, ...) so that a change in the
machine's load falls on all of them. Standard library only; needs /usr/bin/time.
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def timed(cmd, cwd):
    """Runs cmd under /usr/bin/time; returns (wall seconds, peak RSS in MB)."""
    report = os.path.join(cwd, ".time")
    started = time.perf_counter()
    done = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", report] + cmd, cwd=cwd,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"bench.py: {' '.join(cmd)} failed:\n{done.stderr[-2000:]}")
    with open(report) as f:
        kilobytes = int(f.read().strip().splitlines()[-1])
    return wall, kilobytes / 1024


def eddy_script(query, folder, input_path):
    """Writes folder/qN.bench.sql: the query of this folder into a JSON file sink."""
    with open(os.path.join(HERE, f"{query}.sql")) as f:
        text = f.read()
    text = text.replace("'path' = 'events.jsonl'", "'path' = '%s'" % input_path.replace("'", "''"))
    text = text.replace("\nSELECT ", "\nINSERT INTO bench_out SELECT ", 1)
    sink = ("CREATE SINK bench_out WITH ('connector' = 'file', 'path' = '%s.out.jsonl', "
            "'format' = 'json');\n" % query)
    path = os.path.join(folder, f"{query}.bench.sql")
    with open(path, "w") as f:
        f.write(sink + text)
    return path


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("input")
    ap.add_argument("outdir")
    ap.add_argument("--eddy", required=True)
    ap.add_argument("--python", required=True, help="a python that imports duckdb")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--queries", default="q1 q2 q3 q4")
    ap.add_argument("--engines", default="p1 p2 duckdb")
    ap.add_argument("--json", help="also write the figures here")
    a = ap.parse_args()
    input_path = os.path.abspath(a.input)
    a.outdir = os.path.abspath(a.outdir)  # the commands run inside it
    if os.sep in a.python:
        a.python = os.path.abspath(a.python)
    with open(input_path, "rb") as f:
        events = sum(chunk.count(b"\n") for chunk in iter(lambda: f.read(1 << 20), b""))
    engines = a.engines.split()
    results = {}
    for query in a.queries.split():
        folder = os.path.join(a.outdir, query)
        shutil.rmtree(folder, ignore_errors=True)
        os.makedirs(folder)
        script = eddy_script(query, folder, input_path)
        commands = {
            "p1": [a.eddy, "run", script, "--parallelism", "1"],
            "p2": [a.eddy, "run", script, "--parallelism", "2"],
            "duckdb": [a.python, os.path.join(HERE, "run_duckdb.py"), input_path, query,
                       folder, "--format", "json", "--unordered"],
        }
        samples = {engine: [] for engine in engines}
        for run in range(a.runs):
            for engine in engines:
                samples[engine].append(timed(commands[engine], folder))
                print(f"bench.py: {query} {engine} run {run + 1}: "
                      f"{samples[engine][-1][0]:.2f} s", file=sys.stderr)
        results[query] = {engine: {"wall_s": statistics.median(s[0] for s in runs),
                                   "rss_mb": statistics.median(s[1] for s in runs)}
                          for engine, runs in samples.items()}
    print_table(results, engines, events, a.runs)
    if a.json:
        with open(a.json, "w") as f:
            json.dump({"input": input_path, "events": events, "runs": a.runs,
                       "cores": os.cpu_count(), "results": results}, f, indent=1)


def print_table(results, engines, events, runs):
    """Prints one row a query: each engine's wall, M events/s and RSS, then the ratios."""
    header = ["query"]
    for engine in engines:
        header += [f"{engine} s", f"{engine} Mev/s", f"{engine} MB"]
    if "duckdb" in engines:
        header += [f"{e}/duckdb" for e in engines if e != "duckdb"]
    if "p1" in engines and "p2" in engines:
        header.append("p2 speedup")
    rows = []
    for query, by_engine in results.items():
        row = [query]
        for engine in engines:
            r = by_engine[engine]
            row += [f"{r['wall_s']:.2f}", f"{events / r['wall_s'] / 1e6:.2f}", f"{r['rss_mb']:.0f}"]
        if "duckdb" in engines:
            # > 1 means Eddy is faster than DuckDB by that factor.
            row += [f"{by_engine['duckdb']['wall_s'] / by_engine[e]['wall_s']:.2f}x"
                    for e in engines if e != "duckdb"]
        if "p1" in engines and "p2" in engines:
            row.append(f"{by_engine['p1']['wall_s'] / by_engine['p2']['wall_s']:.2f}x")
        rows.append(row)
    widths = [max(len(r[i]) for r in rows + [header]) for i in range(len(header))]
    line = lambda r: "  ".join(c.rjust(w) if i else c.ljust(w) for i, (c, w) in enumerate(zip(r, widths)))
    print(f"{events:,} events, {os.cpu_count()} cores, median of {runs} alternating runs "
          f"(x/duckdb > 1: Eddy faster)")
    print(line(header))
    for r in rows:
        print(line(r))


if __name__ == "__main__":
    main()

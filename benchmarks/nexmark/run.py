#!/usr/bin/env python3
"""The Nexmark runner: generates the data, runs each query with Eddy (and with --flink
through Apache Flink), and reports events/s, peak memory and output rows, as a table on
stdout and as JSON. run.sh builds eddy and calls this; see README.md beside it.

Events/s counts every event of the data set (persons, auctions and bids), as Nexmark
does, over the wall time of the `eddy run` process (start to exit, output written), and over
its CPU time (user + system: steadier on a busy machine). For Flink it is over the
job's net runtime (RUNNING to FINISHED), without the JVM's start. Peak memory is
Eddy's exact peak resident set (the kernel's, from wait4); for Flink the highest sum of
the resident sets of the Python process and the JVM it starts, sampled every 100 ms.
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from collections import Counter

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "flink"))
from changelog import fold  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
# q23 is left out by default: at 1M events it writes 1.2M rows of ~1.6 KB (2 GB).
DEFAULT_QUERIES = ("q0 q1 q2 q3 q4 q5 q7 q8 q9 q10 q11 q12 q13 q14 q15 q16 q17 q18 q19 q20 q21 q22").split()
DATA_FILES = ("persons.jsonl", "auctions.jsonl", "bids.jsonl", "side_input.csv")


def die(msg):
    print(f"run.py: {msg}", file=sys.stderr)
    sys.exit(2)


# ---- processes and memory ----

def tree_rss_kb(pid):
    """Resident memory (KiB) of a process and all its descendants, from /proc."""
    children = {}
    rss = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                stat = f.read()
            ppid = int(stat[stat.rindex(")") + 2:].split()[1])
            with open(f"/proc/{entry}/statm") as f:
                rss[int(entry)] = int(f.read().split()[1]) * (os.sysconf("SC_PAGE_SIZE") // 1024)
            children.setdefault(ppid, []).append(int(entry))
        except (OSError, ValueError, IndexError):
            continue
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        total += rss.get(p, 0)
        todo.extend(children.get(p, []))
    return total


def measure(cmd, cwd=None, stdout=None):
    """Runs cmd; returns (exit status, wall seconds, peak RSS in MiB, stdout text, stderr text)."""
    start = time.perf_counter()
    p = subprocess.Popen(cmd, cwd=cwd, stdout=stdout or subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = 0
    stop = threading.Event()

    def sample():
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, tree_rss_kb(p.pid))
            stop.wait(0.1)

    t = threading.Thread(target=sample, daemon=True)
    t.start()
    out, err = p.communicate()
    wall = time.perf_counter() - start
    stop.set()
    t.join()
    return p.returncode, wall, peak / 1024.0, out or "", err or ""


def run_eddy_measured(eddy, script, cwd):
    """Runs `eddy run script`; returns (status, wall seconds, peak RSS in MiB, CPU seconds
    (user + system, or None), stdout, stderr). The peak is the kernel's, read by
    /usr/bin/time: a child forked straight from this Python would inherit Python's own
    peak in its count (Linux keeps the high-water mark across exec)."""
    timing = os.path.join(cwd, "time.txt")
    cmd = [eddy, "run", script, "-q"]
    if os.access("/usr/bin/time", os.X_OK):
        cmd = ["/usr/bin/time", "-f", "%M %U %S", "-o", timing] + cmd
    status, wall, sampled, out, err = measure(cmd, cwd=cwd)
    try:
        with open(timing) as f:
            kb, user, system = f.read().split()[-3:]
            return status, wall, int(kb) / 1024.0, float(user) + float(system), out, err
    except (OSError, ValueError):
        return status, wall, sampled, None, out, err


# ---- data ----

def ensure_data(eddy, data, events, seed, rate):
    marker = os.path.join(data, "nexmark.json")
    want = {"events": events, "seed": seed, "rate": rate}
    try:
        with open(marker) as f:
            have = json.load(f)
        if have == want and all(os.path.exists(os.path.join(data, n)) for n in DATA_FILES):
            print(f"data: {data} ({events} events, seed {seed}) already there", file=sys.stderr)
            return
    except (OSError, ValueError):
        pass
    print(f"data: generating {events} events into {data} ...", file=sys.stderr)
    t = time.perf_counter()
    r = subprocess.run([eddy, "gen", "nexmark", "--events", str(events), "--out", data,
                        "--seed", str(seed), "--rate", str(rate)], stderr=subprocess.PIPE, text=True)
    if r.returncode != 0:
        die(f"eddy gen nexmark failed:\n{r.stderr}")
    print(f"data: {r.stderr.strip()} in {time.perf_counter() - t:.1f} s", file=sys.stderr)
    with open(marker, "w") as f:
        json.dump(want, f)


def prepare_run_dir(data, q):
    """A folder holding the script and links to the data, so that its relative paths hold."""
    run = os.path.join(data, "runs", q)
    shutil.rmtree(run, ignore_errors=True)
    os.makedirs(run)
    for n in DATA_FILES:
        os.symlink(os.path.join(os.path.abspath(data), n), os.path.join(run, n))
    shutil.copy(os.path.join(HERE, f"{q}.sql"), run)
    return run


# ---- rows: fold a changelog, normalise values, compare multisets ----

TS = re.compile(r"^(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d):(\d\d)(?:\.(\d{1,9}))?$")


def norm(v):
    if isinstance(v, bool) or v is None:
        return v
    if isinstance(v, float):
        # DOUBLE in Eddy, DECIMAL(23, 3) in Flink (q1, q14): compared rounded to 3 decimals
        # (which keeps them hashable for a multiset); 2.0 equals 2 in Python.
        return round(v, 3)
    if isinstance(v, str):
        m = TS.match(v)
        if m:
            import calendar
            y, mo, d, h, mi, s = (int(x) for x in m.groups()[:6])
            frac = (m.group(7) or "0").ljust(3, "0")[:3]
            return calendar.timegm((y, mo, d, h, mi, s)) * 1000 + int(frac)
    return v


def count_changes(path):
    """(changes, final rows) of an Eddy output file, without parsing its JSON: a line
    starting {"op": "-U" or "-D" takes a row away, any other adds one."""
    changes = final = 0
    with open(path, "rb") as f:
        for line in f:
            if line.strip():
                changes += 1
                final += -1 if line.startswith(b'{"op": "-') else 1
    return changes, final


def eddy_changes(path):
    out = []
    with open(path) as f:
        for line in f:
            if not line.strip():
                continue
            obj = json.loads(line)
            op = obj.pop("op", "+I")
            out.append((op, tuple(norm(v) for v in obj.values())))
    return out


def flink_changes(path):
    out = []
    with open(path) as f:
        for line in f:
            arr = json.loads(line)
            out.append((arr[0], tuple(norm(v) for v in arr[1:])))
    return out


def same_values(eddy_rows, flink_rows):
    """Whether the rows are equal once each row's values are sorted: the same rows with
    their columns in another order."""
    def unordered(rows):
        out = Counter()
        for row, n in rows.items():
            out[tuple(sorted(map(repr, row)))] += n
        return out
    return unordered(eddy_rows) == unordered(flink_rows)


def compare(eddy_rows, flink_rows):
    """(agree, how many only in Eddy, only in Flink, examples)."""
    only_e = eddy_rows - flink_rows
    only_f = flink_rows - eddy_rows
    ex = [("eddy", list(r)) for r in list(only_e)[:2]] + [("flink", list(r)) for r in list(only_f)[:2]]
    return not only_e and not only_f, sum(only_e.values()), sum(only_f.values()), ex


# ---- reporting ----

def fmt_rate(x):
    return "-" if x is None else f"{x / 1e6:.2f} M" if x >= 1e6 else f"{x / 1e3:.0f} k"


def table(results, flink):
    head = ["query", "eddy events/s", "per CPU s", "eddy peak MiB", "eddy changes", "final rows"]
    if flink:
        head += ["flink events/s", "flink peak MiB", "flink changes", "eddy/flink", "same rows"]
    rows = []
    for r in results:
        e = r["eddy"]
        row = [r["query"], fmt_rate(e.get("events_per_s")), fmt_rate(e.get("events_per_cpu_s")), f"{e['peak_mib']:.0f}" if e.get("peak_mib") else "-",
               str(e.get("changes", "-")), str(r.get("final_rows", "-"))]
        if flink:
            f = r.get("flink") or {}
            ratio = r.get("ratio")
            row += [fmt_rate(f.get("events_per_s")), f"{f['peak_mib']:.0f}" if f.get("peak_mib") else "-",
                    str(f.get("changes", "-")), f"{ratio:.1f}x" if ratio else "-", r.get("agree_text", "-")]
        rows.append(row)
    widths = [max(len(h), *(len(x[i]) for x in rows)) for i, h in enumerate(head)]
    lines = ["  ".join(h.ljust(w) if i == 0 else h.rjust(w) for i, (h, w) in enumerate(zip(head, widths)))]
    lines.append("  ".join("-" * w for w in widths))
    for x in rows:
        lines.append("  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(x, widths))))
    return "\n".join(lines)


def run_flink_all(a, data, queries, runs, by_query, save):
    """Runs every query through Flink in one JVM (run_flink.py), comparing each one's rows
    with Eddy's as its report arrives. Flink's peak memory is the JVM's high-water mark by
    the end of each query: the JVM does not give memory back between them."""
    out_dir = os.path.join(data, "runs")
    cmd = [a.flink_python, os.path.join(HERE, "run_flink.py"), data, out_dir,
           *(os.path.join(HERE, "flink", f"{q}.sql") for q in queries), "--parallelism", str(a.parallelism)]
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = 0
    stop = threading.Event()

    def sample():
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, tree_rss_kb(p.pid))
            stop.wait(0.1)

    threading.Thread(target=sample, daemon=True).start()
    errs = []
    threading.Thread(target=lambda: errs.append(p.stderr.read()), daemon=True).start()
    for line in p.stdout:
        info = json.loads(line)
        if "query" not in info:
            print(f"flink {info['flink']}: JVM and tables ready in {info['import_s'] + info['setup_s']:.1f} s",
                  file=sys.stderr)
            continue
        q = info["query"]
        r = by_query[q]
        f = {"peak_mib": round(peak / 1024.0, 1)}
        if "error" in info:
            f["error"] = info["error"]
            print(f"{q}: flink failed:\n{info['error']}", file=sys.stderr)
        else:
            seconds = info["net_s"] or info["job_s"]
            f.update(job_s=info["job_s"], net_s=info["net_s"], sink=info["sink"], changes=info["changes"],
                     events_per_s=a.events / seconds)
            if r["eddy"]["status"] == 0:
                final = fold(eddy_changes(os.path.join(runs[q], "out", f"{q}.jsonl")))
                agree, oe, of, ex = compare(final, fold(flink_changes(os.path.join(out_dir, f"flink-{q}.jsonl"))))
                r["agree"] = agree
                r["agree_text"] = "yes" if agree else f"no ({oe} only eddy, {of} only flink)"
                if not agree and same_values(final, fold(flink_changes(os.path.join(out_dir, f"flink-{q}.jsonl")))):
                    r["agree_text"] = "no: same values, columns in another order"
                if not agree:
                    r["differences"] = ex
                r["ratio"] = r["eddy"]["events_per_s"] / f["events_per_s"]
            print(f"{q}: flink job {f['job_s']} s (net {f['net_s']} s), JVM {f['peak_mib']:.0f} MiB, "
                  f"{f['changes']} changes, same rows: {r.get('agree_text', '-')}", file=sys.stderr)
        r["flink"] = f
        save()
    p.wait()
    stop.set()
    if p.returncode != 0 and errs and errs[0].strip():
        print("run_flink.py: " + errs[0].strip()[-1500:], file=sys.stderr)


def main():
    ap = argparse.ArgumentParser(description="Run the Nexmark queries with Eddy (and Flink).")
    ap.add_argument("data", nargs="?", default=os.path.join(REPO, ".build-nexmark"),
                    help="data folder (default: .build-nexmark in the repository)")
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--rate", type=int, default=10_000, help="events per second of event time")
    ap.add_argument("--queries", default=" ".join(DEFAULT_QUERIES), help="default: all but q23")
    ap.add_argument("--eddy", default=os.path.join(REPO, ".build", "release", "eddy"))
    ap.add_argument("--flink", action="store_true", help="also run each query through Apache Flink and compare rows")
    ap.add_argument("--flink-python", help="python of the venv with PyFlink (run.sh makes one)")
    ap.add_argument("--parallelism", type=int, default=1, help="Flink's parallelism (Eddy runs with its default, 1)")
    ap.add_argument("--json", help="write the results here (default: DATA/results.json)")
    a = ap.parse_args()

    if a.events <= 0:
        die("--events must be positive")
    if not os.access(a.eddy, os.X_OK):
        die(f"no eddy binary at {a.eddy} (swift build -c release --product eddy)")
    queries = a.queries.split()
    for q in queries:
        if not os.path.exists(os.path.join(HERE, f"{q}.sql")):
            die(f"no script {q}.sql in {HERE}")
        if a.flink and not os.path.exists(os.path.join(HERE, "flink", f"{q}.sql")):
            die(f"no Flink script flink/{q}.sql")
    if a.flink and not a.flink_python:
        die("--flink needs --flink-python (run.sh passes it)")
    data = os.path.abspath(a.data)
    os.makedirs(data, exist_ok=True)
    ensure_data(a.eddy, data, a.events, a.seed, a.rate)

    path = a.json or os.path.join(data, "results.json")
    doc = {"events": a.events, "seed": a.seed, "rate": a.rate, "cores": os.cpu_count(), "data": data,
           "eddy": a.eddy, "flink_parallelism": a.parallelism if a.flink else None, "results": []}
    results = doc["results"]

    def save():
        doc["time"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        with open(path, "w") as f:
            json.dump(doc, f, indent=1)

    runs = {}
    for q in queries:
        run = runs[q] = prepare_run_dir(data, q)
        status, wall, peak, cpu, _, err = run_eddy_measured(a.eddy, f"{q}.sql", run)
        r = {"query": q, "eddy": {"status": status, "wall_s": round(wall, 3), "peak_mib": round(peak, 1)}}
        if cpu:
            r["eddy"].update(cpu_s=round(cpu, 3), events_per_cpu_s=a.events / cpu)
        if status != 0:
            r["eddy"]["error"] = err.strip()[-2000:]
            print(f"{q}: eddy failed ({status}):\n{err.strip()}", file=sys.stderr)
        else:
            out = os.path.join(run, "out", f"{q}.jsonl")
            changes, r["final_rows"] = count_changes(out)
            r["eddy"].update(events_per_s=a.events / wall, changes=changes)
            print(f"{q}: eddy {wall:.2f} s (CPU {cpu} s), {peak:.0f} MiB, {changes} changes", file=sys.stderr)
        results.append(r)
        save()
    if a.flink:
        run_flink_all(a, data, queries, runs, {r["query"]: r for r in results}, save)

    print(table(results, a.flink))
    save()
    print(f"\n{a.events} events, {os.cpu_count()} cores; JSON: {path}")
    failed = [r["query"] for r in results if r["eddy"]["status"] != 0 or (a.flink and r.get("agree") is False)]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""q4 with Flink's late-event handling, for inputs with late events (a simulation).

run_duckdb.py's --flink-late-wm-ms emulation covers q2 and q3 only: DuckDB computes
sessions over every event. This replays the events in file order the way Flink's
session window does with a watermark emitted on every advance
(pipeline.auto-watermark-interval = 0), and writes q4's rows as CSV in the oracle's
form (header, window bounds in epoch ms):

  * wm(e) = max(ts of the events before e) - D; before the first event there is none;
  * an event opens the window [ts, ts + gap) and merges it with every session of its
    user still open that it intersects, closed intervals, as Flink's
    TimeWindow.intersects (two events exactly gap apart share a session);
  * if it merges with none and ts + gap - 1 <= wm(e), it is late: dropped (Flink's
    WindowOperator retires a late window; a merge with an open session is never late);
  * after the event the watermark becomes max ts - D, and every session with
    end - 1 <= watermark fires (is emitted and forgotten); at the end of the input
    every open session fires.

Usage: flink_session_late.py EVENTS.jsonl OUT.csv [--wm-delay-ms 2000] [--gap-ms 5000]
Prints the number of dropped events on stderr. Standard library only.
"""
import argparse
import heapq
import json
import sys


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("input")
    ap.add_argument("out")
    ap.add_argument("--wm-delay-ms", type=int, default=2000)
    ap.add_argument("--gap-ms", type=int, default=5000)
    a = ap.parse_args()
    gap = a.gap_ms
    open_ = {}       # user -> list of [start, end, cnt] (end = last ts + gap), open sessions
    heap = []        # (end, user, start): candidates to fire; stale entries are skipped
    rows = []
    dropped = 0
    mx = None
    loads = json.loads

    def fire(wm):
        while heap and heap[0][0] - 1 <= wm:
            end, user, start = heapq.heappop(heap)
            ws = open_.get(user)
            if not ws:
                continue
            for i, w in enumerate(ws):
                if w[0] == start and w[1] == end:
                    rows.append((start, end, user, w[2]))
                    del ws[i]
                    break
            if not ws:
                del open_[user]

    with open(a.input) as fh:
        for line in fh:
            ev = loads(line)
            ts, user = ev["ts"], ev["user"]
            wm = None if mx is None else mx - a.wm_delay_ms
            start, end, cnt = ts, ts + gap, 1
            ws = open_.get(user, [])
            keep = []
            merged = False
            for w in ws:
                if start <= w[1] and end >= w[0]:
                    start, end, cnt = min(start, w[0]), max(end, w[1]), cnt + w[2]
                    merged = True
                else:
                    keep.append(w)
            if not merged and wm is not None and end - 1 <= wm:
                dropped += 1
            else:
                keep.append([start, end, cnt])
                open_[user] = keep
                heapq.heappush(heap, (end, user, start))
            mx = ts if mx is None else max(mx, ts)
            fire(mx - a.wm_delay_ms)
    fire(float("inf"))
    rows.sort(key=lambda r: (r[0], r[2]))
    with open(a.out, "w") as out:
        out.write("window_start,window_end,user,cnt\n")
        for r in rows:
            out.write("%d,%d,%s,%d\n" % r)
    print(json.dumps({"sim": "flink-session-late", "input": a.input, "rows_out": len(rows),
                      "dropped": dropped}), file=sys.stderr)


if __name__ == "__main__":
    main()

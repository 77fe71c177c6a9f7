-- q4: session windows per user, gap 5 s, count per session.
-- Source: the generated events (gen_events.py in this folder), one
-- JSON object a line: {"ts": epoch ms, "user", "page", "amount", "kind"}.
-- compare.sh runs this script from a scratch folder where events.jsonl is a symlink to
-- the input file. Event time is ts with a 2 s watermark delay, the bound gen_events.py keeps.
CREATE SOURCE events (
  ts     TIMESTAMP(3),
  `user` VARCHAR,
  page   VARCHAR,
  amount DOUBLE,
  kind   VARCHAR,
  WATERMARK FOR ts AS ts - INTERVAL '2' SECOND
) WITH ('connector' = 'file', 'path' = 'events.jsonl', 'format' = 'json');

SELECT window_start, window_end, `user`, COUNT(*) AS cnt
FROM TABLE(SESSION(TABLE events PARTITION BY `user`, DESCRIPTOR(ts), INTERVAL '5' SECOND))
GROUP BY window_start, window_end, `user`;

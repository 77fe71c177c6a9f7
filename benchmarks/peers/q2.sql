-- q2: tumbling 10 s window per page: count, sum and max of amount.
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

SELECT window_start, window_end, page,
       COUNT(*) AS cnt, SUM(amount) AS sum_amount, MAX(amount) AS max_amount
FROM TABLE(TUMBLE(TABLE events, DESCRIPTOR(ts), INTERVAL '10' SECOND))
GROUP BY window_start, window_end, page;

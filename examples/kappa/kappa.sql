-- Kappa: one query over the recorded log, then live. The same script replays last
-- month's files (in name order, as one log) and then follows the log as it grows: a newer
-- file that appears is read when the current one ends.
CREATE SOURCE events (
  user VARCHAR,
  page VARCHAR,
  ts   TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '1' MINUTE
) WITH ('connector' = 'file', 'path' = 'log/events-*.jsonl', 'format' = 'json', 'follow' = 'true');

-- Visits per page and hour, final once each hour has passed.
CREATE SINK hourly WITH ('connector' = 'file', 'path' = 'out/hourly.csv', 'format' = 'csv');
INSERT INTO hourly
SELECT page, window_start AS hour, COUNT(*) AS visits, COUNT(DISTINCT user) AS visitors
FROM TUMBLE(events, ts, INTERVAL '1' HOUR)
GROUP BY page, window_start, window_end;

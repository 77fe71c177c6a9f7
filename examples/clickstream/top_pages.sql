-- Page views per page and minute, from a clickstream log.
CREATE SOURCE clicks (
  user_id  VARCHAR,
  page     VARCHAR,
  referrer VARCHAR,
  ts       TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH ('connector' = 'file', 'path' = 'clicks.jsonl', 'format' = 'json');

-- Busy pages each minute: views and distinct visitors.
SELECT page, window_start, COUNT(*) AS views, COUNT(DISTINCT user_id) AS visitors
FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(ts), INTERVAL '1' MINUTE))
GROUP BY page, window_start, window_end
HAVING COUNT(*) >= 5;

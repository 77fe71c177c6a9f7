-- Top-N per window, deduplication, and a Top-N without windows (updating).
CREATE SOURCE clicks (user_id VARCHAR, page VARCHAR, ts TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND)
WITH ('connector' = 'file', 'path' = 'clicks.jsonl', 'format' = 'json');

CREATE VIEW page_minutes AS
SELECT page, window_start, window_end, COUNT(*) AS views
FROM TUMBLE(clicks, ts, INTERVAL '1' MINUTE)
GROUP BY page, window_start, window_end;

SELECT * FROM (
  SELECT page, window_start, views,
         ROW_NUMBER() OVER (PARTITION BY window_start, window_end ORDER BY views DESC) AS rn
  FROM page_minutes
) WHERE rn <= 3;

SELECT user_id, page, ts FROM (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY user_id ORDER BY ts) AS rn FROM clicks
) WHERE rn = 1;

SELECT page, n FROM (
  SELECT page, n, ROW_NUMBER() OVER (ORDER BY n DESC, page) AS rank_no
  FROM (SELECT page, COUNT(*) AS n FROM clicks GROUP BY page)
) WHERE rank_no BETWEEN 1 AND 5;

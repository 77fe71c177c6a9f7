-- A small dashboard over one clickstream: three results from one read of the log.
CREATE SOURCE clicks (
  user_id  VARCHAR,
  page     VARCHAR,
  referrer VARCHAR,
  ts       TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH ('connector' = 'file', 'path' = 'clicks.jsonl', 'format' = 'json');

-- Views per page and minute, the two busiest pages of each minute.
CREATE VIEW page_minutes AS
SELECT page, window_start, window_end, COUNT(*) AS views
FROM TUMBLE(clicks, ts, INTERVAL '1' MINUTE)
GROUP BY page, window_start, window_end;

CREATE SINK top_pages WITH ('connector' = 'file', 'path' = 'out/top_pages.jsonl', 'format' = 'json');
INSERT INTO top_pages
SELECT window_start, page, views, rn FROM (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY window_start, window_end ORDER BY views DESC) AS rn
  FROM page_minutes
) WHERE rn <= 2;

-- Visits: sessions of activity per user, closed after 30 s without a click.
CREATE SINK visits WITH ('connector' = 'file', 'path' = 'out/visits.jsonl', 'format' = 'json');
INSERT INTO visits
SELECT user_id, window_start, window_end, COUNT(*) AS clicks
FROM SESSION(clicks PARTITION BY user_id, ts, INTERVAL '30' SECOND)
GROUP BY user_id, window_start, window_end;

-- Clicks per referrer so far: an updating result.
SELECT COALESCE(referrer, 'none') AS referrer, COUNT(*) AS clicks
FROM clicks
GROUP BY COALESCE(referrer, 'none');

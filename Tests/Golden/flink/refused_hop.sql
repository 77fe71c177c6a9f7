-- Refused: Flink 2.3 aggregates a HOP window only when its size is a multiple of its slide
-- (Eddy runs it).
CREATE SOURCE clicks (page VARCHAR, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND)
WITH ('connector' = 'file', 'path' = 'clicks.jsonl', 'format' = 'json');
SELECT page, window_start, COUNT(*) AS n
FROM HOP(clicks, ts, INTERVAL '3' SECOND, INTERVAL '10' SECOND)
GROUP BY page, window_start, window_end;

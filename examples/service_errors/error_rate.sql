-- Error rate and latency per service over 2-minute windows of request logs.
CREATE SOURCE requests (
  service    VARCHAR,
  status     INT,
  latency_ms DOUBLE,
  at         TIMESTAMP(3),
  WATERMARK FOR at AS at - INTERVAL '2' SECOND
) WITH ('connector' = 'file', 'path' = 'requests.jsonl', 'format' = 'json');

SELECT service,
       window_start,
       COUNT(*) AS requests,
       SUM(CASE WHEN status >= 500 THEN 1 ELSE 0 END) AS errors,
       ROUND(100.0 * SUM(CASE WHEN status >= 500 THEN 1 ELSE 0 END) / COUNT(*), 1) AS error_pct,
       ROUND(AVG(latency_ms), 1) AS avg_latency_ms
FROM TUMBLE(requests, at, INTERVAL '2' MINUTE)
GROUP BY service, window_start, window_end;

-- Every kind of operator and literal a compiled plan holds: the plan format's test.
CREATE SOURCE orders (id BIGINT, region VARCHAR, amount DOUBLE, vip BOOLEAN, ts TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '2' SECOND)
WITH ('connector' = 'file', 'path' = 'orders.jsonl', 'format' = 'json', 'on_error' = 'skip');
CREATE TABLE regions (region VARCHAR, country VARCHAR, PRIMARY KEY (region) NOT ENFORCED)
WITH ('connector' = 'file', 'path' = 'regions.jsonl', 'format' = 'json');
CREATE SOURCE refunds (order_id BIGINT, amount DOUBLE, ts TIMESTAMP(3), WATERMARK FOR ts AS ts)
WITH ('connector' = 'file', 'path' = 'refunds.jsonl', 'format' = 'json');
SET 'state.ttl' = '1h';
SET 'late.output' = 'late.jsonl';
CREATE SINK per_region WITH ('connector' = 'file', 'path' = 'out/per_region.jsonl', 'format' = 'json');
INSERT INTO per_region SELECT region, window_start, COUNT(*) AS n, SUM(amount) AS total, MAX(vip) AS any_vip
FROM TUMBLE(orders, ts, INTERVAL '10' SECOND) WHERE amount > 1.5 AND region LIKE 'e%'
GROUP BY region, window_start, window_end;
SELECT region, COUNT(DISTINCT id) AS ids, AVG(amount) AS avg_amount FROM orders GROUP BY region;
SELECT o.id, r.country, CASE WHEN o.vip THEN 'vip' ELSE NULL END AS tier, o.ts + INTERVAL '1' MINUTE AS later,
       CAST(o.id AS VARCHAR) AS id_text, TIMESTAMP '2024-01-01 00:00:00' AS since
FROM orders o LEFT JOIN regions r ON o.region = r.region;
SELECT o.id, f.amount FROM orders o JOIN refunds f
  ON o.id = f.order_id AND f.ts BETWEEN o.ts AND o.ts + INTERVAL '5' MINUTE;
SELECT * FROM (SELECT region, amount, ROW_NUMBER() OVER (PARTITION BY region ORDER BY amount DESC) AS rn FROM orders) WHERE rn <= 2;
SELECT id, window_start, window_end FROM HOP(orders, ts, INTERVAL '5' SECOND, INTERVAL '10' SECOND);
SELECT id FROM orders WHERE vip UNION ALL SELECT order_id FROM refunds;
SELECT region, window_start, COUNT(*) FROM SESSION(orders PARTITION BY region, ts, INTERVAL '30' SECOND) GROUP BY region, window_start, window_end;

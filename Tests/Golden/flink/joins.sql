-- Every join: interval, window, regular (inner, left, full) and lookup.
CREATE SOURCE clicks (user_id VARCHAR, page VARCHAR, ts TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND)
WITH ('connector' = 'file', 'path' = 'clicks.jsonl', 'format' = 'json');
CREATE SOURCE orders (user_id VARCHAR, amount DOUBLE, ts TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND)
WITH ('connector' = 'file', 'path' = 'orders.jsonl', 'format' = 'json');
CREATE TABLE users (user_id VARCHAR, country VARCHAR, PRIMARY KEY (user_id) NOT ENFORCED)
WITH ('connector' = 'file', 'path' = 'users.jsonl', 'format' = 'json');

SELECT c.user_id, c.page, o.amount
FROM clicks c JOIN orders o
  ON c.user_id = o.user_id AND o.ts BETWEEN c.ts AND c.ts + INTERVAL '10' MINUTE;

SELECT c.user_id, c.window_start, c.n, o.total
FROM (SELECT user_id, window_start, window_end, COUNT(*) AS n
      FROM TUMBLE(clicks, ts, INTERVAL '1' MINUTE) GROUP BY user_id, window_start, window_end) c
JOIN (SELECT user_id, window_start, window_end, SUM(amount) AS total
      FROM TUMBLE(orders, ts, INTERVAL '1' MINUTE) GROUP BY user_id, window_start, window_end) o
  ON c.user_id = o.user_id AND c.window_start = o.window_start AND c.window_end = o.window_end;

SELECT c.page, o.amount FROM clicks c LEFT JOIN orders o ON c.user_id = o.user_id;

SELECT c.page, o.amount FROM clicks AS c FULL JOIN orders AS o ON c.user_id = o.user_id;

SELECT c.page, u.country FROM clicks c LEFT JOIN users FOR SYSTEM_TIME AS OF c.ts AS u ON c.user_id = u.user_id;

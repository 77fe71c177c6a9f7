-- UNION, UNION ALL, WITH, nested subqueries, DISTINCT, HAVING.
CREATE SOURCE clicks (user_id VARCHAR, page VARCHAR, ts TIMESTAMP(3))
WITH ('connector' = 'file', 'path' = 'clicks.jsonl', 'format' = 'json');
CREATE SOURCE orders (user_id VARCHAR, amount DOUBLE, ts TIMESTAMP(3))
WITH ('connector' = 'file', 'path' = 'orders.jsonl', 'format' = 'json');

WITH views AS (SELECT user_id, ts FROM clicks),
     buys (who, at) AS (SELECT user_id, ts FROM orders WHERE amount > 10)
SELECT user_id, ts FROM views UNION ALL SELECT who, at FROM buys;

SELECT user_id FROM clicks UNION SELECT user_id FROM orders;

SELECT DISTINCT page FROM clicks;

SELECT user_id, COUNT(*) AS n FROM (SELECT user_id FROM (SELECT * FROM clicks) AS inner_clicks) AS c
GROUP BY user_id HAVING COUNT(*) > 2 OR MIN(user_id) = 'a';

(SELECT user_id FROM clicks) UNION ALL (SELECT user_id FROM orders);

-- Flink SQL made by `eddy compile --target flink` from joins.sql.
-- Runs in Flink 2.x's SQL client (sql-client.sh -f FILE), or statement by statement
-- with TableEnvironment.execute_sql; the INSERTs run as one job, as in Eddy.
-- Timestamps are UTC. Eddy reads a TIMESTAMP(3) field from epoch milliseconds or an
-- ISO-8601 string: a source with timestamp columns is a table NAME__raw that reads them
-- as STRING and converts them in computed columns COLUMN__eddy (its WATERMARK is on
-- those), and a view NAME gives the columns their names.
-- Eddy's division by zero, MOD(n, 0) and failed CAST give NULL: here NULLIF(d, 0) and
-- TRY_CAST do the same.
SET 'table.local-time-zone' = 'UTC';

CREATE TABLE clicks__raw (
  user_id STRING,
  page STRING,
  ts STRING,
  ts__eddy AS CASE
    WHEN REGEXP(ts, '^-?[0-9]+$') THEN CAST(TO_TIMESTAMP_LTZ(CAST(ts AS BIGINT), 3) AS TIMESTAMP(3))
    WHEN REGEXP(ts, '([+-])([0-9]{2}):?([0-9]{2})$') THEN TIMESTAMPADD(MINUTE,
      (CASE REGEXP_EXTRACT(ts, '([+-])([0-9]{2}):?([0-9]{2})$', 1) WHEN '+' THEN -1 ELSE 1 END)
        * (CAST(REGEXP_EXTRACT(ts, '([+-])([0-9]{2}):?([0-9]{2})$', 2) AS INT) * 60 + CAST(REGEXP_EXTRACT(ts, '([+-])([0-9]{2}):?([0-9]{2})$', 3) AS INT)),
      CAST(REGEXP_REPLACE(REPLACE(ts, 'T', ' '), '([+-])([0-9]{2}):?([0-9]{2})$', '') AS TIMESTAMP(3)))
    ELSE CAST(REGEXP_REPLACE(REPLACE(ts, 'T', ' '), 'Z$', '') AS TIMESTAMP(3))
  END,
  WATERMARK FOR ts__eddy AS ts__eddy - INTERVAL '5' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = '/data/job/clicks.jsonl',
  'format' = 'json'
);

CREATE TEMPORARY VIEW clicks AS
SELECT user_id, page, ts__eddy AS ts FROM clicks__raw;

CREATE TABLE orders__raw (
  user_id STRING,
  amount DOUBLE,
  ts STRING,
  ts__eddy AS CASE
    WHEN REGEXP(ts, '^-?[0-9]+$') THEN CAST(TO_TIMESTAMP_LTZ(CAST(ts AS BIGINT), 3) AS TIMESTAMP(3))
    WHEN REGEXP(ts, '([+-])([0-9]{2}):?([0-9]{2})$') THEN TIMESTAMPADD(MINUTE,
      (CASE REGEXP_EXTRACT(ts, '([+-])([0-9]{2}):?([0-9]{2})$', 1) WHEN '+' THEN -1 ELSE 1 END)
        * (CAST(REGEXP_EXTRACT(ts, '([+-])([0-9]{2}):?([0-9]{2})$', 2) AS INT) * 60 + CAST(REGEXP_EXTRACT(ts, '([+-])([0-9]{2}):?([0-9]{2})$', 3) AS INT)),
      CAST(REGEXP_REPLACE(REPLACE(ts, 'T', ' '), '([+-])([0-9]{2}):?([0-9]{2})$', '') AS TIMESTAMP(3)))
    ELSE CAST(REGEXP_REPLACE(REPLACE(ts, 'T', ' '), 'Z$', '') AS TIMESTAMP(3))
  END,
  WATERMARK FOR ts__eddy AS ts__eddy - INTERVAL '5' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = '/data/job/orders.jsonl',
  'format' = 'json'
);

CREATE TEMPORARY VIEW orders AS
SELECT user_id, amount, ts__eddy AS ts FROM orders__raw;

CREATE TABLE users (
  user_id STRING,
  country STRING,
  PRIMARY KEY (user_id) NOT ENFORCED
) WITH (
  'connector' = 'filesystem',
  'path' = '/data/job/users.jsonl',
  'format' = 'json'
);

SELECT c.user_id, c.page, o.amount
FROM clicks AS c
JOIN orders AS o ON c.user_id = o.user_id AND o.ts BETWEEN c.ts AND c.ts + INTERVAL '10' MINUTE;

SELECT c.user_id, c.window_start, c.n, o.total
FROM (
  SELECT user_id, window_start, window_end, COUNT(*) AS n
  FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(ts), INTERVAL '1' MINUTE))
  GROUP BY user_id, window_start, window_end
) AS c
JOIN (
  SELECT user_id, window_start, window_end, SUM(amount) AS total
  FROM TABLE(TUMBLE(TABLE orders, DESCRIPTOR(ts), INTERVAL '1' MINUTE))
  GROUP BY user_id, window_start, window_end
) AS o ON c.user_id = o.user_id AND c.window_start = o.window_start AND c.window_end = o.window_end;

SELECT c.page, o.amount
FROM clicks AS c
LEFT JOIN orders AS o ON c.user_id = o.user_id;

SELECT c.page, o.amount
FROM clicks AS c
FULL JOIN orders AS o ON c.user_id = o.user_id;

-- users is a reference table: Eddy's lookup join into it is a regular join in Flink (the same final rows when the table has one row per key; Flink emits them as updates)
SELECT c.page, u.country
FROM clicks AS c
LEFT JOIN users AS u ON c.user_id = u.user_id;

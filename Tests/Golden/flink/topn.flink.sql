-- Flink SQL made by `eddy compile --target flink` from topn.sql.
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

CREATE TEMPORARY VIEW page_minutes AS
SELECT page, window_start, window_end, COUNT(*) AS `views`
FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(ts), INTERVAL '1' MINUTE))
GROUP BY page, window_start, window_end;

SELECT *
FROM (
  SELECT page, window_start, `views`, ROW_NUMBER() OVER (PARTITION BY window_start, window_end ORDER BY `views` DESC) AS rn
  FROM page_minutes
)
WHERE rn <= 3;

SELECT user_id, page, ts
FROM (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY user_id ORDER BY ts) AS rn
  FROM clicks
)
WHERE rn = 1;

SELECT page, n
FROM (
  SELECT page, n, ROW_NUMBER() OVER (ORDER BY n DESC, page) AS rank_no
  FROM (
    SELECT page, COUNT(*) AS n
    FROM clicks
    GROUP BY page
  )
)
WHERE rank_no BETWEEN 1 AND 5;

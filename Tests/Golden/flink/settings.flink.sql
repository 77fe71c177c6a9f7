-- Flink SQL made by `eddy compile --target flink` from settings.sql.
-- Runs in Flink 2.x's SQL client (sql-client.sh -f FILE), or statement by statement
-- with TableEnvironment.execute_sql; the INSERTs run as one job, as in Eddy.
-- Timestamps are UTC. Eddy reads a TIMESTAMP(3) field from epoch milliseconds or an
-- ISO-8601 string: a source with timestamp columns is a table NAME__raw that reads them
-- as STRING and converts them in computed columns COLUMN__eddy (its WATERMARK is on
-- those), and a view NAME gives the columns their names.
-- Eddy's division by zero, MOD(n, 0) and failed CAST give NULL: here NULLIF(d, 0) and
-- TRY_CAST do the same.
SET 'table.local-time-zone' = 'UTC';

SET 'table.exec.state.ttl' = '3600000 ms';

SET 'parallelism.default' = '2';

SET 'execution.checkpointing.interval' = '30000 ms';

SET 'table.exec.source.idle-timeout' = '5000 ms';

-- SET 'late.output': Flink drops late events and keeps none

-- not an Eddy setting: passed to Flink as written
SET 'pipeline.name' = 'my job';

CREATE TABLE clicks__raw (
  user_id STRING,
  ts STRING,
  ts__eddy AS CASE
    WHEN REGEXP(ts, '^-?[0-9]+$') THEN CAST(TO_TIMESTAMP_LTZ(CAST(ts AS BIGINT), 3) AS TIMESTAMP(3))
    WHEN REGEXP(ts, '([+-])([0-9]{2}):?([0-9]{2})$') THEN TIMESTAMPADD(MINUTE,
      (CASE REGEXP_EXTRACT(ts, '([+-])([0-9]{2}):?([0-9]{2})$', 1) WHEN '+' THEN -1 ELSE 1 END)
        * (CAST(REGEXP_EXTRACT(ts, '([+-])([0-9]{2}):?([0-9]{2})$', 2) AS INT) * 60 + CAST(REGEXP_EXTRACT(ts, '([+-])([0-9]{2}):?([0-9]{2})$', 3) AS INT)),
      CAST(REGEXP_REPLACE(REPLACE(ts, 'T', ' '), '([+-])([0-9]{2}):?([0-9]{2})$', '') AS TIMESTAMP(3)))
    ELSE CAST(REGEXP_REPLACE(REPLACE(ts, 'T', ' '), 'Z$', '') AS TIMESTAMP(3))
  END
) WITH (
  'connector' = 'filesystem',
  'path' = '/data/job/clicks.jsonl',
  'format' = 'json'
);

CREATE TEMPORARY VIEW clicks AS
SELECT user_id, ts__eddy AS ts FROM clicks__raw;

SELECT user_id, COUNT(*) AS n
FROM clicks
GROUP BY user_id;

RESET 'table.exec.state.ttl';

-- RESET 'late.output': an Eddy setting with no Flink equivalent

SHOW TABLES;

DESCRIBE clicks;

EXPLAIN SELECT user_id
FROM clicks;

-- Flink SQL made by `eddy compile --target flink` from source_options.sql.
-- Runs in Flink 2.x's SQL client (sql-client.sh -f FILE), or statement by statement
-- with TableEnvironment.execute_sql; the INSERTs run as one job, as in Eddy.
-- Timestamps are UTC. Eddy reads a TIMESTAMP(3) field from epoch milliseconds or an
-- ISO-8601 string: a source with timestamp columns is a table NAME__raw that reads them
-- as STRING and converts them in computed columns COLUMN__eddy (its WATERMARK is on
-- those), and a view NAME gives the columns their names.
-- Eddy's division by zero, MOD(n, 0) and failed CAST give NULL: here NULLIF(d, 0) and
-- TRY_CAST do the same.
SET 'table.local-time-zone' = 'UTC';

-- 'dead_letter.path' has no Flink equivalent: skipped lines are not kept
CREATE TABLE readings__raw (
  sensor STRING,
  reading DOUBLE,
  `at` STRING,
  at__eddy AS CASE
    WHEN REGEXP(`at`, '^-?[0-9]+$') THEN CAST(TO_TIMESTAMP_LTZ(CAST(`at` AS BIGINT), 3) AS TIMESTAMP(3))
    WHEN REGEXP(`at`, '([+-])([0-9]{2}):?([0-9]{2})$') THEN TIMESTAMPADD(MINUTE,
      (CASE REGEXP_EXTRACT(`at`, '([+-])([0-9]{2}):?([0-9]{2})$', 1) WHEN '+' THEN -1 ELSE 1 END)
        * (CAST(REGEXP_EXTRACT(`at`, '([+-])([0-9]{2}):?([0-9]{2})$', 2) AS INT) * 60 + CAST(REGEXP_EXTRACT(`at`, '([+-])([0-9]{2}):?([0-9]{2})$', 3) AS INT)),
      CAST(REGEXP_REPLACE(REPLACE(`at`, 'T', ' '), '([+-])([0-9]{2}):?([0-9]{2})$', '') AS TIMESTAMP(3)))
    ELSE CAST(REGEXP_REPLACE(REPLACE(`at`, 'T', ' '), 'Z$', '') AS TIMESTAMP(3))
  END,
  WATERMARK FOR at__eddy AS at__eddy - INTERVAL '0.500' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = '/data/job/readings.csv',
  'format' = 'csv',
  'csv.field-delimiter' = ';',
  'csv.null-literal' = 'n/a',
  'csv.ignore-parse-errors' = 'true',
  'source.monitor-interval' = '1 s',
  'scan.watermark.idle-timeout' = '10000 ms'
);

CREATE TEMPORARY VIEW readings AS
SELECT sensor, reading, at__eddy AS `at` FROM readings__raw;

-- Flink's datagen makes other random values than Eddy's (Eddy's 'seed' has no equivalent)
CREATE TABLE gen (
  id BIGINT,
  name STRING
) WITH (
  'connector' = 'datagen',
  'number-of-rows' = '100',
  'fields.id.kind' = 'sequence',
  'fields.id.start' = '1',
  'fields.id.end' = '100'
);

SELECT sensor, AVG(reading) AS mean
FROM readings
GROUP BY sensor;

SELECT id, name
FROM gen;

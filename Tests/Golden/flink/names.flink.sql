-- Flink SQL made by `eddy compile --target flink` from names.sql.
-- Runs in Flink 2.x's SQL client (sql-client.sh -f FILE), or statement by statement
-- with TableEnvironment.execute_sql; the INSERTs run as one job, as in Eddy.
-- Timestamps are UTC. Eddy reads a TIMESTAMP(3) field from epoch milliseconds or an
-- ISO-8601 string: a source with timestamp columns is a table NAME__raw that reads them
-- as STRING and converts them in computed columns COLUMN__eddy (its WATERMARK is on
-- those), and a view NAME gives the columns their names.
-- Eddy's division by zero, MOD(n, 0) and failed CAST give NULL: here NULLIF(d, 0) and
-- TRY_CAST do the same.
SET 'table.local-time-zone' = 'UTC';

CREATE TABLE Events__raw (
  `user` STRING,
  `value` BIGINT,
  `timestamp` STRING,
  `Views` BIGINT,
  timestamp__eddy AS CASE
    WHEN REGEXP(`timestamp`, '^-?[0-9]+$') THEN CAST(TO_TIMESTAMP_LTZ(CAST(`timestamp` AS BIGINT), 3) AS TIMESTAMP(3))
    WHEN REGEXP(`timestamp`, '([+-])([0-9]{2}):?([0-9]{2})$') THEN TIMESTAMPADD(MINUTE,
      (CASE REGEXP_EXTRACT(`timestamp`, '([+-])([0-9]{2}):?([0-9]{2})$', 1) WHEN '+' THEN -1 ELSE 1 END)
        * (CAST(REGEXP_EXTRACT(`timestamp`, '([+-])([0-9]{2}):?([0-9]{2})$', 2) AS INT) * 60 + CAST(REGEXP_EXTRACT(`timestamp`, '([+-])([0-9]{2}):?([0-9]{2})$', 3) AS INT)),
      CAST(REGEXP_REPLACE(REPLACE(`timestamp`, 'T', ' '), '([+-])([0-9]{2}):?([0-9]{2})$', '') AS TIMESTAMP(3)))
    ELSE CAST(REGEXP_REPLACE(REPLACE(`timestamp`, 'T', ' '), 'Z$', '') AS TIMESTAMP(3))
  END,
  WATERMARK FOR timestamp__eddy AS timestamp__eddy - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = '/data/job/events.jsonl',
  'format' = 'json'
);

CREATE TEMPORARY VIEW Events AS
SELECT `user`, `value`, timestamp__eddy AS `timestamp`, `Views` FROM Events__raw;

CREATE TEMPORARY VIEW Per_User AS
SELECT `user`, SUM(`value`) AS Total, COUNT(*) AS `Views`
FROM Events
GROUP BY `user`;

SELECT Per_User.Total, Per_User.`user`
FROM Per_User
WHERE Total > 10;

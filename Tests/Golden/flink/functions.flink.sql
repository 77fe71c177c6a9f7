-- Flink SQL made by `eddy compile --target flink` from functions.sql.
-- Runs in Flink 2.x's SQL client (sql-client.sh -f FILE), or statement by statement
-- with TableEnvironment.execute_sql; the INSERTs run as one job, as in Eddy.
-- Timestamps are UTC. Eddy reads a TIMESTAMP(3) field from epoch milliseconds or an
-- ISO-8601 string: a source with timestamp columns is a table NAME__raw that reads them
-- as STRING and converts them in computed columns COLUMN__eddy (its WATERMARK is on
-- those), and a view NAME gives the columns their names.
-- Eddy's division by zero, MOD(n, 0) and failed CAST give NULL: here NULLIF(d, 0) and
-- TRY_CAST do the same.
SET 'table.local-time-zone' = 'UTC';

CREATE TABLE t__raw (
  s STRING,
  n BIGINT,
  x DOUBLE,
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
  'path' = '/data/job/t.jsonl',
  'format' = 'json'
);

CREATE TEMPORARY VIEW t AS
SELECT s, n, x, ts__eddy AS ts FROM t__raw;

SELECT SUBSTRING(s FROM 2 FOR 3), SUBSTRING(s FROM -2), POSITION('a' IN s), CHAR_LENGTH(s), CHAR_LENGTH(s), TRIM(BOTH 'x' FROM s), TRIM(LEADING ' ' FROM s), TRIM(s), s || '!', UPPER(s) LIKE 'A%', REGEXP_REPLACE(s, '[0-9]+', '$1 costs \1'), REGEXP_EXTRACT(s, '([a-z]+)', 1), CONCAT_WS('-', s, 'x'), SPLIT_INDEX(s, ',', 0), LOCATE('b', s, 2)
FROM t;

SELECT n / 2, x / NULLIF(n, 0), MOD(n, 3), MOD(n, NULLIF(4, 0)), 2.5E0 * x, 1e3 + n, -n, +n, NOT (n > 1), (n + 1) * 2, n + 1 * 2, n - (2 - 1), TRY_CAST(s AS BIGINT), CAST(n AS STRING), TRY_CAST(s AS DOUBLE), ROUND(x, 1), ABS(n), CEIL(x), FLOOR(x), POWER(x, 2), LOG(2, x), PI()
FROM t;

SELECT EXTRACT(YEAR FROM ts), EXTRACT(YEAR FROM ts), EXTRACT(DOW FROM ts), EXTRACT(DOY FROM ts), EXTRACT(HOUR FROM ts), FLOOR(ts TO MINUTE), CEIL(ts TO HOUR), TIMESTAMPDIFF(SECOND, ts, ts + INTERVAL '0.250' SECOND), TIMESTAMPADD(DAY, 1, ts), DATE_FORMAT(ts, 'yyyy-MM-dd'), TO_TIMESTAMP('2024-01-01 00:00:00'), ts > TIMESTAMP '2024-01-01 00:00:00', ts + INTERVAL '2' HOUR
FROM t
WHERE n IN (1, 2, 3) AND x NOT BETWEEN 0 AND 1 AND s IS NOT NULL AND CASE WHEN n > 1 THEN TRUE ELSE FALSE END AND COALESCE(s, 'none') <> 'none';

SELECT s, STDDEV_POP(CAST(n AS DOUBLE)), VAR_SAMP(DISTINCT CAST(n AS DOUBLE)), MAX(LPAD(s, CAST(n AS INT), '*')), MIN(REPEAT(s, CAST(2 AS INT)))
FROM t
GROUP BY s;

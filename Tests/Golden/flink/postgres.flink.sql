-- Flink SQL made by `eddy compile --target flink` from postgres.sql.
-- Runs in Flink 2.x's SQL client (sql-client.sh -f FILE), or statement by statement
-- with TableEnvironment.execute_sql; the INSERTs run as one job, as in Eddy.
-- Timestamps are UTC. Eddy reads a TIMESTAMP(3) field from epoch milliseconds or an
-- ISO-8601 string: a source with timestamp columns is a table NAME__raw that reads them
-- as STRING and converts them in computed columns COLUMN__eddy (its WATERMARK is on
-- those), and a view NAME gives the columns their names.
-- Eddy's division by zero, MOD(n, 0) and failed CAST give NULL: here NULLIF(d, 0) and
-- TRY_CAST do the same.
SET 'table.local-time-zone' = 'UTC';

CREATE TABLE ledger__raw (
  account STRING,
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
  'path' = '/data/job/ledger.jsonl',
  'format' = 'json'
);

CREATE TEMPORARY VIEW ledger AS
SELECT account, amount, ts__eddy AS ts FROM ledger__raw;

CREATE TABLE balances (
  account STRING,
  balance DOUBLE,
  PRIMARY KEY (account) NOT ENFORCED
) WITH (
  'connector' = 'jdbc',
  'url' = 'jdbc:postgresql://db.example.com:5433/books',
  'table-name' = 'balances',
  'username' = 'eddy'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO balances
SELECT account, SUM(amount) AS balance
FROM ledger
GROUP BY account;

END;

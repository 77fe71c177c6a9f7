-- Flink SQL made by `eddy compile --target flink` from windows.sql.
-- Runs in Flink 2.x's SQL client (sql-client.sh -f FILE), or statement by statement
-- with TableEnvironment.execute_sql; the INSERTs run as one job, as in Eddy.
-- Timestamps are UTC. Eddy reads a TIMESTAMP(3) field from epoch milliseconds or an
-- ISO-8601 string: a source with timestamp columns is a table NAME__raw that reads them
-- as STRING and converts them in computed columns COLUMN__eddy (its WATERMARK is on
-- those), and a view NAME gives the columns their names.
-- Eddy's division by zero, MOD(n, 0) and failed CAST give NULL: here NULLIF(d, 0) and
-- TRY_CAST do the same.
SET 'table.local-time-zone' = 'UTC';

CREATE TABLE bids__raw (
  auction BIGINT,
  bidder BIGINT,
  price BIGINT,
  date_time STRING,
  date_time__eddy AS CASE
    WHEN REGEXP(date_time, '^-?[0-9]+$') THEN CAST(TO_TIMESTAMP_LTZ(CAST(date_time AS BIGINT), 3) AS TIMESTAMP(3))
    WHEN REGEXP(date_time, '([+-])([0-9]{2}):?([0-9]{2})$') THEN TIMESTAMPADD(MINUTE,
      (CASE REGEXP_EXTRACT(date_time, '([+-])([0-9]{2}):?([0-9]{2})$', 1) WHEN '+' THEN -1 ELSE 1 END)
        * (CAST(REGEXP_EXTRACT(date_time, '([+-])([0-9]{2}):?([0-9]{2})$', 2) AS INT) * 60 + CAST(REGEXP_EXTRACT(date_time, '([+-])([0-9]{2}):?([0-9]{2})$', 3) AS INT)),
      CAST(REGEXP_REPLACE(REPLACE(date_time, 'T', ' '), '([+-])([0-9]{2}):?([0-9]{2})$', '') AS TIMESTAMP(3)))
    ELSE CAST(REGEXP_REPLACE(REPLACE(date_time, 'T', ' '), 'Z$', '') AS TIMESTAMP(3))
  END,
  WATERMARK FOR date_time__eddy AS date_time__eddy - INTERVAL '4' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = '/data/job/data/bids.jsonl',
  'format' = 'json'
);

CREATE TEMPORARY VIEW bids AS
SELECT auction, bidder, price, date_time__eddy AS date_time FROM bids__raw;

SELECT auction, window_start, window_end, COUNT(*) AS bids, MAX(price) AS top
FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(date_time), INTERVAL '10' SECOND))
GROUP BY auction, window_start, window_end;

SELECT bidder, window_end, SUM(price) AS spent
FROM TABLE(HOP(TABLE bids, DESCRIPTOR(date_time), INTERVAL '2' SECOND, INTERVAL '10' SECOND))
GROUP BY bidder, window_start, window_end;

SELECT window_start, window_end, COUNT(*) AS n
FROM TABLE(CUMULATE(TABLE bids, DESCRIPTOR(date_time), INTERVAL '1' MINUTE, INTERVAL '1' HOUR))
GROUP BY window_start, window_end;

SELECT bidder, window_start, window_end, COUNT(*) AS n
FROM TABLE(SESSION(TABLE bids PARTITION BY bidder, DESCRIPTOR(date_time), INTERVAL '30' SECOND))
GROUP BY bidder, window_start, window_end;

SELECT window_start, COUNT(*) AS n
FROM TABLE(TUMBLE((
  SELECT auction, date_time
  FROM bids
  WHERE price > 100
), DESCRIPTOR(date_time), INTERVAL '1' MINUTE))
GROUP BY window_start, window_end;

SELECT auction, window_start, window_end, window_time
FROM TABLE(HOP(TABLE bids, DESCRIPTOR(date_time), INTERVAL '3' SECOND, INTERVAL '10' SECOND));

SELECT auction, window_time, COUNT(*) AS n
FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(date_time), INTERVAL '10' SECOND))
GROUP BY auction, window_start, window_end, window_time;

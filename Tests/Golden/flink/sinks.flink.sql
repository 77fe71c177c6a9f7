-- Flink SQL made by `eddy compile --target flink` from sinks.sql.
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

-- Flink writes part files into the folder out/views.jsonl, not one file
CREATE TABLE product_views (
  user_id STRING,
  page STRING,
  ts TIMESTAMP(3)
) WITH (
  'connector' = 'filesystem',
  'path' = '/data/job/out/views.jsonl',
  'format' = 'json',
  'json.timestamp-format.standard' = 'ISO-8601'
);

-- receives updates: Flink writes them as Debezium JSON (Eddy: rows with an op field)
-- Flink writes part files into the folder out/per_page.csv, not one file
CREATE TABLE per_page (
  page STRING,
  n BIGINT
) WITH (
  'connector' = 'filesystem',
  'path' = '/data/job/out/per_page.csv',
  'format' = 'debezium-json'
);

-- a MATERIALIZED VIEW in Eddy: a view in Flink, computed where it is read
CREATE TEMPORARY VIEW per_user AS
SELECT user_id, COUNT(*) AS n
FROM clicks
GROUP BY user_id;

-- Flink's JDBC connector has no SQLite dialect: pass --flink-option jdbc.url=jdbc:postgresql://... for a database it has
CREATE TABLE per_user_db (
  user_id STRING,
  n BIGINT,
  PRIMARY KEY (user_id) NOT ENFORCED
) WITH (
  'connector' = 'jdbc',
  'url' = 'jdbc:sqlite:/data/job/out/read.db',
  'table-name' = 'per_user'
);

-- Flink writes part files into the folder out/minutes.jsonl, not one file
CREATE TABLE minutes (
  window_start TIMESTAMP(3),
  n BIGINT
) WITH (
  'connector' = 'filesystem',
  'path' = '/data/job/out/minutes.jsonl',
  'format' = 'json',
  'json.timestamp-format.standard' = 'ISO-8601'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO product_views
SELECT user_id, page, ts
FROM clicks
WHERE page LIKE '/product/%';

INSERT INTO product_views
SELECT user_id, page, ts
FROM clicks
WHERE page LIKE '/cart/%';

INSERT INTO per_page
SELECT page, COUNT(*)
FROM clicks
GROUP BY page;

INSERT INTO per_user_db
SELECT * FROM per_user;

INSERT INTO minutes
SELECT window_start, COUNT(*) AS n
FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(ts), INTERVAL '1' MINUTE))
GROUP BY window_start, window_end;

END;

-- Nexmark Q13: Bounded side input join: each bid enriched with the value its auction id
-- (mod 10,000) has in a side table (a lookup join into a table read from a file).
-- From nexmark/nexmark's Flink SQL (queries/q13.sql); run with benchmarks/nexmark/run.sh.
-- The published query looks the table up at processing time (FOR SYSTEM_TIME AS OF a
-- PROCTIME() column); Eddy reads the table before the stream and looks it up as it is.
-- Eddy's lookup join takes a column of the stream, so MOD(auction, 10000) is computed
-- in a subquery first.

CREATE SOURCE bid (
  auction BIGINT, bidder BIGINT, price BIGINT, channel VARCHAR, url VARCHAR,
  `dateTime` TIMESTAMP(3), extra VARCHAR,
  WATERMARK FOR `dateTime` AS `dateTime` - INTERVAL '4' SECOND
) WITH ('connector' = 'file', 'path' = 'bids.jsonl', 'format' = 'json');

CREATE TABLE side_input (
  key BIGINT, `value` VARCHAR,
  PRIMARY KEY (key) NOT ENFORCED
) WITH ('connector' = 'file', 'path' = 'side_input.csv', 'format' = 'csv', 'csv.header' = 'false');

CREATE SINK nexmark_q13 WITH ('connector' = 'file', 'path' = 'out/q13.jsonl', 'format' = 'json');

INSERT INTO nexmark_q13
SELECT B.auction, B.bidder, B.price, B.`dateTime`, S.`value`
FROM (SELECT *, MOD(auction, 10000) AS side_key FROM bid) B
JOIN side_input FOR SYSTEM_TIME AS OF B.`dateTime` AS S
ON B.side_key = S.key;

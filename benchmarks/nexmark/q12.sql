-- Nexmark Q12: Bids per bidder in 10-second windows; the published query uses processing-time windows,
-- this one event time so that a replay gives one answer.
-- From nexmark/nexmark's Flink SQL (queries/q12.sql); run with benchmarks/nexmark/run.sh.

CREATE SOURCE bid (
  auction BIGINT, bidder BIGINT, price BIGINT, channel VARCHAR, url VARCHAR,
  `dateTime` TIMESTAMP(3), extra VARCHAR,
  WATERMARK FOR `dateTime` AS `dateTime` - INTERVAL '4' SECOND
) WITH ('connector' = 'file', 'path' = 'bids.jsonl', 'format' = 'json');

CREATE SINK nexmark_q12 WITH ('connector' = 'file', 'path' = 'out/q12.jsonl', 'format' = 'json');

INSERT INTO nexmark_q12
SELECT bidder, COUNT(*) AS bid_count, window_start AS starttime, window_end AS endtime
FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(`dateTime`), INTERVAL '10' SECOND))
GROUP BY bidder, window_start, window_end;

-- Nexmark Q19: Auction top 10: each auction's ten highest bids, as an updating Top-N.
-- From nexmark/nexmark's Flink SQL (queries/q19.sql); run with benchmarks/nexmark/run.sh.

CREATE SOURCE bid (
  auction BIGINT, bidder BIGINT, price BIGINT, channel VARCHAR, url VARCHAR,
  `dateTime` TIMESTAMP(3), extra VARCHAR,
  WATERMARK FOR `dateTime` AS `dateTime` - INTERVAL '4' SECOND
) WITH ('connector' = 'file', 'path' = 'bids.jsonl', 'format' = 'json');

CREATE SINK nexmark_q19 WITH ('connector' = 'file', 'path' = 'out/q19.jsonl', 'format' = 'json');

INSERT INTO nexmark_q19
SELECT * FROM
(SELECT *, ROW_NUMBER() OVER (PARTITION BY auction ORDER BY price DESC) AS rank_number FROM bid)
WHERE rank_number <= 10;

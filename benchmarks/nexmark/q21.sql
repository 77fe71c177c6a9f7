-- Nexmark Q21: Add channel id: the bids of the four hot channels or with a channel_id in their URL,
-- with that id.
-- From nexmark/nexmark's Flink SQL (queries/q21.sql); run with benchmarks/nexmark/run.sh.

CREATE SOURCE bid (
  auction BIGINT, bidder BIGINT, price BIGINT, channel VARCHAR, url VARCHAR,
  `dateTime` TIMESTAMP(3), extra VARCHAR,
  WATERMARK FOR `dateTime` AS `dateTime` - INTERVAL '4' SECOND
) WITH ('connector' = 'file', 'path' = 'bids.jsonl', 'format' = 'json');

CREATE SINK nexmark_q21 WITH ('connector' = 'file', 'path' = 'out/q21.jsonl', 'format' = 'json');

INSERT INTO nexmark_q21
SELECT auction, bidder, price, channel,
       CASE
           WHEN LOWER(channel) = 'apple' THEN '0'
           WHEN LOWER(channel) = 'google' THEN '1'
           WHEN LOWER(channel) = 'facebook' THEN '2'
           WHEN LOWER(channel) = 'baidu' THEN '3'
           ELSE REGEXP_EXTRACT(url, '(&|^)channel_id=([^&]*)', 2)
       END AS channel_id
FROM bid
WHERE REGEXP_EXTRACT(url, '(&|^)channel_id=([^&]*)', 2) IS NOT NULL
   OR LOWER(channel) IN ('apple', 'google', 'facebook', 'baidu');

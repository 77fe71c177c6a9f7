-- Nexmark Q4: Average price for a category: the average winning bid (the highest bid made while
-- the auction was open) of the auctions of each category, as an updating result.
-- From nexmark/nexmark's Flink SQL (queries/q4.sql); run with benchmarks/nexmark/run.sh.
-- The published query's comma join is written JOIN ... ON, and its time condition in
-- WHERE: in ON, Eddy reads a bound on the bids' event time as an interval join and asks
-- for the other bound (A.expires is not an event time); Flink plans both as a regular join.

CREATE SOURCE auction (
  id BIGINT, itemName VARCHAR, description VARCHAR, initialBid BIGINT, reserve BIGINT,
  `dateTime` TIMESTAMP(3), expires TIMESTAMP(3), seller BIGINT, category BIGINT, extra VARCHAR,
  WATERMARK FOR `dateTime` AS `dateTime` - INTERVAL '4' SECOND
) WITH ('connector' = 'file', 'path' = 'auctions.jsonl', 'format' = 'json');

CREATE SOURCE bid (
  auction BIGINT, bidder BIGINT, price BIGINT, channel VARCHAR, url VARCHAR,
  `dateTime` TIMESTAMP(3), extra VARCHAR,
  WATERMARK FOR `dateTime` AS `dateTime` - INTERVAL '4' SECOND
) WITH ('connector' = 'file', 'path' = 'bids.jsonl', 'format' = 'json');

CREATE SINK nexmark_q4 WITH ('connector' = 'file', 'path' = 'out/q4.jsonl', 'format' = 'json');

INSERT INTO nexmark_q4
SELECT Q.category, AVG(Q.final) AS avg_final
FROM (
    SELECT MAX(B.price) AS final, A.category
    FROM auction A JOIN bid B ON A.id = B.auction
    WHERE B.`dateTime` BETWEEN A.`dateTime` AND A.expires
    GROUP BY A.id, A.category
) Q
GROUP BY Q.category;

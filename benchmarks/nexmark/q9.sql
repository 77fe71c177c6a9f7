-- Nexmark Q9: Winning bids: each auction with its highest bid made while it was open (the earliest
-- of equal bids), as an updating Top-1 over a join.
-- From nexmark/nexmark's Flink SQL (queries/q9.sql); run with benchmarks/nexmark/run.sh.
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

CREATE SINK nexmark_q9 WITH ('connector' = 'file', 'path' = 'out/q9.jsonl', 'format' = 'json');

INSERT INTO nexmark_q9
SELECT id, itemName, description, initialBid, reserve, `dateTime`, expires, seller, category, extra,
       auction, bidder, price, bid_dateTime, bid_extra
FROM (
    SELECT A.*, B.auction, B.bidder, B.price, B.`dateTime` AS bid_dateTime, B.extra AS bid_extra,
           ROW_NUMBER() OVER (PARTITION BY A.id ORDER BY B.price DESC, B.`dateTime` ASC) AS rownum
    FROM auction A JOIN bid B ON A.id = B.auction
    WHERE B.`dateTime` BETWEEN A.`dateTime` AND A.expires
)
WHERE rownum <= 1;

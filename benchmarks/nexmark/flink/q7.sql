-- Nexmark Q7 for Apache Flink, from nexmark/nexmark's queries/q7.sql.
-- Query 7: Highest Bid
-- What are the highest bids per period?
-- Deliberately implemented using a side input to illustrate fanout.
-- The original Nexmark Query7 calculate the highest bids in the last minute.
-- We will use a shorter window (10 seconds) to help make testing easier.
-- run_flink.py runs the last statement into its sink; earlier ones set it up.

SELECT B.auction, B.price, B.bidder, B.`dateTime`, B.extra
from bid B
JOIN (
  SELECT MAX(price) AS maxprice, window_end as `dateTime`
  FROM TABLE(
          TUMBLE(TABLE bid, DESCRIPTOR(`dateTime`), INTERVAL '10' SECOND))
  GROUP BY window_start, window_end
) B1
ON B.price = B1.maxprice
WHERE B.`dateTime` BETWEEN B1.`dateTime`  - INTERVAL '10' SECOND AND B1.`dateTime`;

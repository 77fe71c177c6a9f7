-- Nexmark Q20 for Apache Flink, from nexmark/nexmark's queries/q20.sql.
-- Query 20: Expand bid with auction (Not in original suite)
-- Get bids with the corresponding auction information where category is 10.
-- Illustrates a filter join.
-- run_flink.py runs the last statement into its sink; earlier ones set it up.

SELECT
    auction, bidder, price, channel, url, B.`dateTime`, B.extra,
    itemName, description, initialBid, reserve, A.`dateTime`, expires, seller, category, A.extra
FROM
    bid AS B INNER JOIN auction AS A on B.auction = A.id
WHERE A.category = 10;

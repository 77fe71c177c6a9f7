-- Nexmark Q19 for Apache Flink, from nexmark/nexmark's queries/q19.sql.
-- Query 19: Auction TOP-10 Price (Not in original suite)
-- What's the top price 10 bids of an auction?
-- Illustrates a TOP-N query.
-- run_flink.py runs the last statement into its sink; earlier ones set it up.

SELECT * FROM
(SELECT *, ROW_NUMBER() OVER (PARTITION BY auction ORDER BY price DESC) AS rank_number FROM bid)
WHERE rank_number <= 10;

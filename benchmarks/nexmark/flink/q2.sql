-- Nexmark Q2 for Apache Flink, from nexmark/nexmark's queries/q2.sql.
-- Query2: Selection
-- Find bids with specific auction ids and show their bid price.
-- In original Nexmark queries, Query2 is as following (in CQL syntax):
--   SELECT Rstream(auction, price)
--   FROM Bid [NOW]
--   WHERE auction = 1007 OR auction = 1020 OR auction = 2001 OR auction = 2019 OR auction = 2087;
-- However, that query will only yield a few hundred results over event streams of arbitrary size.
-- To make it more interesting we instead choose bids for every 123'th auction.
-- run_flink.py runs the last statement into its sink; earlier ones set it up.

SELECT auction, price FROM bid WHERE MOD(auction, 123) = 0;

-- Nexmark Q13 for Apache Flink, from nexmark/nexmark's queries/q13.sql.
-- Query 13: Bounded Side Input Join (Not in original suite)
-- Joins a stream to a bounded side input, modeling basic stream enrichment.
-- run_flink.py runs the last statement into its sink; earlier ones set it up.
-- Changed: the published query is a processing-time lookup join (FOR SYSTEM_TIME AS OF
-- PROCTIME()); the filesystem connector is not a lookup source, so here a regular join
-- with the bounded side table, which gives the same rows.

SELECT
    B.auction,
    B.bidder,
    B.price,
    B.`dateTime`,
    S.`value`
FROM bid B
JOIN side_input S
ON mod(B.auction, 10000) = S.key;

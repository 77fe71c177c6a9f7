-- Nexmark Q11 for Apache Flink, from nexmark/nexmark's queries/q11.sql.
-- Query 11: User Sessions (Not in original suite)
-- How many bids did a user make in each session they were active? Illustrates session windows.
-- Group bids by the same user into sessions with max session gap.
-- Emit the number of bids per session.
-- run_flink.py runs the last statement into its sink; earlier ones set it up.
-- As published (a legacy GROUP BY SESSION window).

SELECT
    B.bidder,
    count(*) as bid_count,
    SESSION_START(B.`dateTime`, INTERVAL '10' SECOND) as starttime,
    SESSION_END(B.`dateTime`, INTERVAL '10' SECOND) as endtime
FROM bid B
GROUP BY B.bidder, SESSION(B.`dateTime`, INTERVAL '10' SECOND);

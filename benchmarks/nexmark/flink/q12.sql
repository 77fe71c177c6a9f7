-- Nexmark Q12 for Apache Flink, from nexmark/nexmark's queries/q12.sql.
-- Query 12: Processing Time Windows (Not in original suite)
-- How many bids does a user make within a fixed processing time limit?
-- Illustrates working in processing time window.
-- Group bids by the same user into processing time windows of 10 seconds.
-- Emit the count of bids per window.
-- run_flink.py runs the last statement into its sink; earlier ones set it up.
-- Changed: the published query windows processing time (PROCTIME()); here event time,
-- as in the Eddy script, so that both give one answer.

SELECT
    bidder,
    count(*) as bid_count,
    window_start AS starttime,
    window_end AS endtime
FROM TABLE(
        TUMBLE(TABLE bid, DESCRIPTOR(`dateTime`), INTERVAL '10' SECOND))
GROUP BY bidder, window_start, window_end;

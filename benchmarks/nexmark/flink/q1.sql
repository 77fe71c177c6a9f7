-- Nexmark Q1 for Apache Flink, from nexmark/nexmark's queries/q1.sql.
-- Query1: Currency conversion
-- Convert each bid value from dollars to euros. Illustrates a simple transformation.
-- run_flink.py runs the last statement into its sink; earlier ones set it up.

SELECT
    auction,
    bidder,
    0.908 * price as price, -- convert dollar to euro
    `dateTime`,
    extra
FROM bid;

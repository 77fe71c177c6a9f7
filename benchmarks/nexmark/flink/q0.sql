-- Nexmark Q0 for Apache Flink, from nexmark/nexmark's queries/q0.sql.
-- Query 0: Pass through (Not in original suite)
-- This measures the monitoring overhead of the Flink SQL implementation including the source generator.
-- Using `bid` events here, as they are most numerous with default configuration.
-- run_flink.py runs the last statement into its sink; earlier ones set it up.

SELECT auction, bidder, price, `dateTime`, extra FROM bid;

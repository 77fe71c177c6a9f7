-- Nexmark Q18 for Apache Flink, from nexmark/nexmark's queries/q18.sql.
-- Query 18: Find last bid (Not in original suite)
-- What's a's last bid for bidder to auction?
-- Illustrates a Deduplicate query.
-- run_flink.py runs the last statement into its sink; earlier ones set it up.

SELECT auction, bidder, price, channel, url, `dateTime`, extra
 FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY bidder, auction ORDER BY `dateTime` DESC) AS rank_number
       FROM bid)
 WHERE rank_number <= 1;

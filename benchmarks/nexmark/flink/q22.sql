-- Nexmark Q22 for Apache Flink, from nexmark/nexmark's queries/q22.sql.
-- Query 22: Get URL Directories (Not in original suite)
-- What is the directory structure of the URL?
-- Illustrates a SPLIT_INDEX SQL.
-- run_flink.py runs the last statement into its sink; earlier ones set it up.

SELECT
    auction, bidder, price, channel,
    SPLIT_INDEX(url, '/', 3) as dir1,
    SPLIT_INDEX(url, '/', 4) as dir2,
    SPLIT_INDEX(url, '/', 5) as dir3 FROM bid;

-- Nexmark Q14 for Apache Flink, from nexmark/nexmark's queries/q14.sql.
-- Query 14: Calculation (Not in original suite)
-- Convert bid timestamp into types and find bids with specific price.
-- Illustrates duplicate expressions and usage of user-defined-functions.
-- run_flink.py runs the last statement into its sink; earlier ones set it up.
-- Changed: the published query counts the 'c's of extra with a Java UDF (count_char);
-- here with built-in functions, as in the Eddy script.

SELECT 
    auction,
    bidder,
    0.908 * price as price,
    CASE
        WHEN HOUR(`dateTime`) >= 8 AND HOUR(`dateTime`) <= 18 THEN 'dayTime'
        WHEN HOUR(`dateTime`) <= 6 OR HOUR(`dateTime`) >= 20 THEN 'nightTime'
        ELSE 'otherTime'
    END AS bidTimeType,
    `dateTime`,
    extra,
    CHAR_LENGTH(extra) - CHAR_LENGTH(REPLACE(extra, 'c', '')) AS c_counts
FROM bid
WHERE 0.908 * price > 1000000 AND 0.908 * price < 50000000;

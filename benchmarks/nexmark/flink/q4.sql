-- Nexmark Q4 for Apache Flink, from nexmark/nexmark's queries/q4.sql.
-- Query 4: Average Price for a Category
-- Select the average of the wining bid prices for all auctions in each category.
-- Illustrates complex join and aggregation.
-- run_flink.py runs the last statement into its sink; earlier ones set it up.

SELECT
    Q.category,
    AVG(Q.final)
FROM (
    SELECT MAX(B.price) AS final, A.category
    FROM auction A, bid B
    WHERE A.id = B.auction AND B.`dateTime` BETWEEN A.`dateTime` AND A.expires
    GROUP BY A.id, A.category
) Q
GROUP BY Q.category;

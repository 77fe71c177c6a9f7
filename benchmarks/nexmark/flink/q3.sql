-- Nexmark Q3 for Apache Flink, from nexmark/nexmark's queries/q3.sql.
-- Query 3: Local Item Suggestion
-- Who is selling in OR, ID or CA in category 10, and for what auction ids?
-- Illustrates an incremental join (using per-key state and timer) and filter.
-- run_flink.py runs the last statement into its sink; earlier ones set it up.

SELECT
    P.name, P.city, P.state, A.id
FROM
    auction AS A INNER JOIN person AS P on A.seller = P.id
WHERE
    A.category = 10 and (P.state = 'OR' OR P.state = 'ID' OR P.state = 'CA');

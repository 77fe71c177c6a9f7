-- Nexmark Q10 for Apache Flink, from nexmark/nexmark's queries/q10.sql.
-- Query 10: Log to File System (Not in original suite)
-- Log all events to file system. Illustrates windows streaming data into partitioned file system.
-- Every minute, save all events from the last period into partitioned log files.
-- run_flink.py runs the last statement into its sink; earlier ones set it up.
-- Changed: the published query writes into a partitioned filesystem sink; here the
-- same rows into the runner's sink.

SELECT auction, bidder, price, `dateTime`, extra, DATE_FORMAT(`dateTime`, 'yyyy-MM-dd') AS dt, DATE_FORMAT(`dateTime`, 'HH:mm') AS hm
FROM bid;

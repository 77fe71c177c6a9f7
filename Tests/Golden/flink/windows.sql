-- The four windows, in the short form and Flink's, over a source and over a subquery.
CREATE SOURCE bids (auction BIGINT, bidder BIGINT, price BIGINT, date_time TIMESTAMP(3),
  WATERMARK FOR date_time AS date_time - INTERVAL '4' SECOND)
WITH ('connector' = 'file', 'path' = 'data/bids.jsonl', 'format' = 'json');

SELECT auction, window_start, window_end, COUNT(*) AS bids, MAX(price) AS top
FROM TUMBLE(bids, date_time, INTERVAL '10' SECOND)
GROUP BY auction, window_start, window_end;

SELECT bidder, window_end, SUM(price) AS spent
FROM TABLE(HOP(TABLE bids, DESCRIPTOR(date_time), INTERVAL '2' SECOND, INTERVAL '10' SECOND))
GROUP BY bidder, window_start, window_end;

SELECT window_start, window_end, COUNT(*) AS n
FROM CUMULATE(bids, date_time, INTERVAL '1' MINUTE, INTERVAL '1' HOUR)
GROUP BY window_start, window_end;

SELECT bidder, window_start, window_end, COUNT(*) AS n
FROM SESSION(bids PARTITION BY bidder, date_time, INTERVAL '30' SECOND)
GROUP BY bidder, window_start, window_end;

-- a window over a subquery, and a HOP read without aggregation (any slide)
SELECT window_start, COUNT(*) AS n
FROM TUMBLE((SELECT auction, date_time FROM bids WHERE price > 100), date_time, INTERVAL '1' MINUTE)
GROUP BY window_start, window_end;

SELECT auction, window_start, window_end, window_time
FROM HOP(bids, date_time, INTERVAL '3' SECOND, INTERVAL '10' SECOND);

-- window_time read from a window grouped by its start and end (Flink groups it too)
SELECT auction, window_time, COUNT(*) AS n
FROM TUMBLE(bids, date_time, INTERVAL '10' SECOND)
GROUP BY auction, window_start, window_end;

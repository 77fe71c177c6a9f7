-- Settings: those with a Flink equivalent become it, the others a comment.
SET 'state.ttl' = '1h';
SET 'parallelism' = '2';
SET 'checkpoint.interval' = '30s';
SET 'table.exec.source.idle-timeout' = '5s';
SET 'late.output' = 'late.jsonl';
SET 'pipeline.name' = 'my job';
CREATE SOURCE clicks (user_id VARCHAR, ts TIMESTAMP(3))
WITH ('connector' = 'file', 'path' = 'clicks.jsonl', 'format' = 'json');
SELECT user_id, COUNT(*) AS n FROM clicks GROUP BY user_id;
RESET 'state.ttl';
RESET 'late.output';
SHOW SOURCES;
DESCRIBE clicks;
EXPLAIN SELECT user_id FROM clicks;

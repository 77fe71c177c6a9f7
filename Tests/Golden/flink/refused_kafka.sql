-- flink: --flink-connector kafka
-- Refused: a Kafka source needs servers, from --flink-option or the source's options.
CREATE SOURCE clicks (user_id VARCHAR) WITH ('connector' = 'file', 'path' = 'clicks.jsonl', 'format' = 'json');
SELECT user_id FROM clicks;

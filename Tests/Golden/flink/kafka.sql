-- flink: --flink-connector kafka --flink-option bootstrap.servers=broker:9092 --flink-option group.id=analytics
-- Sources as Kafka tables: the topic is the source's name unless it says otherwise; a
-- reference table stays a file.
CREATE SOURCE clicks (user_id VARCHAR, page VARCHAR, ts TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND)
WITH ('connector' = 'file', 'path' = 'clicks.jsonl', 'format' = 'json');
CREATE SOURCE orders (user_id VARCHAR, amount DOUBLE)
WITH ('connector' = 'file', 'path' = 'orders.jsonl', 'format' = 'json',
      'kafka.topic' = 'shop.orders', 'kafka.properties.group.id' = 'orders-reader');
CREATE TABLE users (user_id VARCHAR, country VARCHAR)
WITH ('connector' = 'file', 'path' = 'users.jsonl', 'format' = 'json');
SELECT c.page, u.country FROM clicks c JOIN users u ON c.user_id = u.user_id;
SELECT user_id, SUM(amount) AS total FROM orders GROUP BY user_id;

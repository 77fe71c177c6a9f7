-- File sinks (append-only and updating), SQLite sinks with a primary key, CREATE SINK FROM
-- and AS, and INSERTs into one STATEMENT SET.
CREATE SOURCE clicks (user_id VARCHAR, page VARCHAR, ts TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND)
WITH ('connector' = 'file', 'path' = 'clicks.jsonl', 'format' = 'json');

CREATE SINK product_views WITH ('connector' = 'file', 'path' = 'out/views.jsonl', 'format' = 'json');
INSERT INTO product_views SELECT user_id, page, ts FROM clicks WHERE page LIKE '/product/%';
INSERT INTO product_views SELECT user_id, page, ts FROM clicks WHERE page LIKE '/cart/%';

CREATE SINK per_page (page VARCHAR, n BIGINT)
WITH ('connector' = 'file', 'path' = 'out/per_page.csv', 'format' = 'csv');
INSERT INTO per_page SELECT page, COUNT(*) FROM clicks GROUP BY page;

CREATE MATERIALIZED VIEW per_user AS SELECT user_id, COUNT(*) AS n FROM clicks GROUP BY user_id;
CREATE SINK per_user_db FROM per_user
WITH ('connector' = 'sqlite', 'path' = 'out/read.db', 'table-name' = 'per_user', 'primary-key' = 'user_id');

CREATE SINK minutes AS
  SELECT window_start, COUNT(*) AS n FROM TUMBLE(clicks, ts, INTERVAL '1' MINUTE) GROUP BY window_start, window_end
WITH ('connector' = 'file', 'path' = 'out/minutes.jsonl', 'format' = 'json');

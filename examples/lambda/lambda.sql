-- Lambda: a batch view over the archived history and a speed view over the recent
-- events, merged by a serving query that answers from both. The serving table in SQLite
-- is what a dashboard reads: total units sold per product, history and today together.
CREATE SOURCE history (product VARCHAR, qty BIGINT, ts TIMESTAMP(3))
WITH ('connector' = 'file', 'path' = 'history/sales-*.jsonl', 'format' = 'json');
CREATE SOURCE recent (product VARCHAR, qty BIGINT, ts TIMESTAMP(3))
WITH ('connector' = 'file', 'path' = 'recent.jsonl', 'format' = 'json', 'follow' = 'true');

-- The batch layer: a view of the archive, final once the archive is read.
CREATE VIEW batch_view AS SELECT product, SUM(qty) AS units, COUNT(*) AS orders FROM history GROUP BY product;
-- The speed layer: the same measure over the events since the archive was cut.
CREATE VIEW speed_view AS SELECT product, SUM(qty) AS units, COUNT(*) AS orders FROM recent GROUP BY product;

-- The serving layer: both views merged, kept current in SQLite by upserts.
CREATE SINK serving WITH ('connector' = 'sqlite', 'path' = 'out/serving.db',
  'table-name' = 'units_sold', 'primary-key' = 'product');
INSERT INTO serving
SELECT product, SUM(units) AS units, SUM(orders) AS orders
FROM (SELECT product, units, orders FROM batch_view UNION ALL SELECT product, units, orders FROM speed_view)
GROUP BY product;

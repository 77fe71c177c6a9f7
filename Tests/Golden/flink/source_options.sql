-- CSV without a header, skipped malformed lines, followed files, idleness, datagen.
CREATE SOURCE readings (sensor VARCHAR, reading DOUBLE, at TIMESTAMP(3),
  WATERMARK FOR at AS at - INTERVAL '500' MILLISECOND)
WITH ('connector' = 'file', 'path' = 'readings.csv', 'format' = 'csv', 'csv.header' = 'false',
      'csv.field-delimiter' = ';', 'csv.null-literal' = 'n/a', 'on_error' = 'skip',
      'dead_letter.path' = 'bad.jsonl', 'follow' = 'true', 'source.idle-timeout' = '10s');
CREATE SOURCE gen (id BIGINT, name VARCHAR)
WITH ('connector' = 'datagen', 'number-of-rows' = '100', 'fields.id.kind' = 'sequence',
      'fields.id.start' = '1', 'fields.id.end' = '100', 'seed' = '7');
SELECT sensor, AVG(reading) AS mean FROM readings GROUP BY sensor;
SELECT id, name FROM gen;

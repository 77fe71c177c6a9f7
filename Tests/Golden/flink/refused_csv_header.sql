-- Refused: Flink's csv format cannot read a header line.
CREATE SOURCE readings (sensor VARCHAR, reading DOUBLE)
WITH ('connector' = 'file', 'path' = 'readings.csv', 'format' = 'csv');
SELECT sensor FROM readings;

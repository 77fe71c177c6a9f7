-- Refused: Flink has no connector reading standard input.
CREATE SOURCE lines (line VARCHAR) WITH ('connector' = 'stdin', 'format' = 'json');
SELECT line FROM lines;

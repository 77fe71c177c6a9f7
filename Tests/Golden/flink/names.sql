-- Names Flink reserves are quoted; Eddy's case-insensitive names keep their first spelling.
CREATE SOURCE Events (`user` VARCHAR, `value` BIGINT, `timestamp` TIMESTAMP(3), Views BIGINT,
  WATERMARK FOR `timestamp` AS `timestamp` - INTERVAL '1' SECOND)
WITH ('connector' = 'file', 'path' = 'events.jsonl', 'format' = 'json');

CREATE VIEW Per_User AS SELECT `USER`, SUM(VALUE) AS Total, COUNT(*) AS views FROM events GROUP BY `User`;

SELECT per_user.total, PER_USER.`user` FROM per_user WHERE TOTAL > 10;

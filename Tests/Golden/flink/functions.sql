-- Functions and operators whose Flink spelling or meaning differs from Eddy's.
CREATE SOURCE t (s VARCHAR, n BIGINT, x DOUBLE, ts TIMESTAMP(3))
WITH ('connector' = 'file', 'path' = 't.jsonl', 'format' = 'json');

SELECT SUBSTRING(s FROM 2 FOR 3), SUBSTR(s, -2), POSITION('a' IN s), CHAR_LENGTH(s), LENGTH(s),
       TRIM(BOTH 'x' FROM s), TRIM(LEADING FROM s), TRIM(s), s || '!', UPPER(s) LIKE 'A%',
       REGEXP_REPLACE(s, '[0-9]+', '$1 costs \1'), REGEXP_EXTRACT(s, '([a-z]+)', 1),
       CONCAT_WS('-', s, 'x'), SPLIT_INDEX(s, ',', 0), LOCATE('b', s, 2)
FROM t;

SELECT n / 2, x / n, n % 3, MOD(n, 4), 2.5 * x, 1e3 + n, -n, +n, NOT (n > 1), (n + 1) * 2,
       n + 1 * 2, n - (2 - 1), CAST(s AS BIGINT), CAST(n AS VARCHAR), CAST(s AS DOUBLE),
       ROUND(x, 1), ABS(n), CEILING(x), FLOOR(x), POWER(x, 2), LOG(2, x), PI()
FROM t;

SELECT EXTRACT(YEAR FROM ts), YEAR(ts), DAYOFWEEK(ts), DAYOFYEAR(ts), HOUR(ts), FLOOR(ts TO MINUTE),
       CEIL(ts TO HOUR), TIMESTAMPDIFF(SECOND, ts, ts + INTERVAL '250' MILLISECOND),
       TIMESTAMPADD(DAY, 1, ts), DATE_FORMAT(ts, 'yyyy-MM-dd'), TO_TIMESTAMP('2024-01-01 00:00:00'),
       ts > TIMESTAMP '2024-01-01T00:00:00', ts + INTERVAL '2' HOURS
FROM t
WHERE n IN (1, 2, 3) AND x NOT BETWEEN 0 AND 1 AND s IS NOT NULL
  AND CASE WHEN n > 1 THEN TRUE ELSE FALSE END AND COALESCE(s, 'none') <> 'none';

-- Flink's VAR_POP and kin keep their argument's type, its LPAD takes an INT length
SELECT s, STDDEV_POP(n), VAR_SAMP(DISTINCT n), MAX(LPAD(s, n, '*')), MIN(REPEAT(s, 2)) FROM t GROUP BY s;

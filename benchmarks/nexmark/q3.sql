-- Nexmark Q3: Local item suggestion: who sells in category 10 from Oregon, Idaho or California,
-- and which auctions (a regular join of auctions and persons, then a filter).
-- From nexmark/nexmark's Flink SQL (queries/q3.sql); run with benchmarks/nexmark/run.sh.

CREATE SOURCE auction (
  id BIGINT, itemName VARCHAR, description VARCHAR, initialBid BIGINT, reserve BIGINT,
  `dateTime` TIMESTAMP(3), expires TIMESTAMP(3), seller BIGINT, category BIGINT, extra VARCHAR,
  WATERMARK FOR `dateTime` AS `dateTime` - INTERVAL '4' SECOND
) WITH ('connector' = 'file', 'path' = 'auctions.jsonl', 'format' = 'json');

CREATE SOURCE person (
  id BIGINT, name VARCHAR, emailAddress VARCHAR, creditCard VARCHAR, city VARCHAR, state VARCHAR,
  `dateTime` TIMESTAMP(3), extra VARCHAR,
  WATERMARK FOR `dateTime` AS `dateTime` - INTERVAL '4' SECOND
) WITH ('connector' = 'file', 'path' = 'persons.jsonl', 'format' = 'json');

CREATE SINK nexmark_q3 WITH ('connector' = 'file', 'path' = 'out/q3.jsonl', 'format' = 'json');

INSERT INTO nexmark_q3
SELECT P.name, P.city, P.state, A.id
FROM auction AS A INNER JOIN person AS P ON A.seller = P.id
WHERE A.category = 10 AND (P.state = 'OR' OR P.state = 'ID' OR P.state = 'CA');

-- The Nexmark tables for Apache Flink, over the files `eddy gen nexmark` writes: the same
-- columns as the Eddy scripts' sources, JSON lines read by the filesystem connector (its
-- JSON format reads "2015-07-15 00:00:00.000" as a TIMESTAMP(3), as Eddy does), and the
-- published watermark of 4 seconds. run_flink.py replaces ${DATA_DIR} with the data folder.

CREATE TABLE person (
  id BIGINT, name STRING, emailAddress STRING, creditCard STRING, city STRING, state STRING,
  `dateTime` TIMESTAMP(3), extra STRING,
  WATERMARK FOR `dateTime` AS `dateTime` - INTERVAL '4' SECOND
) WITH ('connector' = 'filesystem', 'path' = '${DATA_DIR}/persons.jsonl', 'format' = 'json');

CREATE TABLE auction (
  id BIGINT, itemName STRING, description STRING, initialBid BIGINT, reserve BIGINT,
  `dateTime` TIMESTAMP(3), expires TIMESTAMP(3), seller BIGINT, category BIGINT, extra STRING,
  WATERMARK FOR `dateTime` AS `dateTime` - INTERVAL '4' SECOND
) WITH ('connector' = 'filesystem', 'path' = '${DATA_DIR}/auctions.jsonl', 'format' = 'json');

CREATE TABLE bid (
  auction BIGINT, bidder BIGINT, price BIGINT, channel STRING, url STRING,
  `dateTime` TIMESTAMP(3), extra STRING,
  WATERMARK FOR `dateTime` AS `dateTime` - INTERVAL '4' SECOND
) WITH ('connector' = 'filesystem', 'path' = '${DATA_DIR}/bids.jsonl', 'format' = 'json');

CREATE TABLE side_input (
  key BIGINT, `value` STRING
) WITH ('connector' = 'filesystem', 'path' = '${DATA_DIR}/side_input.csv', 'format' = 'csv');

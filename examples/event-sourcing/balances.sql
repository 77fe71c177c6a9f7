-- Event sourcing with a CQRS read model: the ledger is the append-only source of truth;
-- the balances table in SQLite is a projection of it, kept current by upserts. Delete the
-- database and run again: the same table comes back from the log.
CREATE SOURCE ledger (
  type    VARCHAR,   -- opened, deposit, withdrawal, transfer
  account VARCHAR,
  `to`    VARCHAR,   -- the receiving account of a transfer
  amount  BIGINT,
  ts      TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH ('connector' = 'file', 'path' = 'ledger.jsonl', 'format' = 'json');

-- Every event as its effect on one account: a transfer moves money out of one and into
-- another.
CREATE VIEW entries AS
  SELECT account, CASE WHEN type = 'withdrawal' OR type = 'transfer' THEN -amount ELSE amount END AS delta, ts
  FROM ledger
  UNION ALL
  SELECT `to` AS account, amount AS delta, ts FROM ledger WHERE type = 'transfer';

-- The read model: one row per account, upserted as its balance changes.
CREATE SINK balances WITH ('connector' = 'sqlite', 'path' = 'out/read.db',
  'table-name' = 'balances', 'primary-key' = 'account');
INSERT INTO balances
SELECT account, SUM(delta) AS balance, COUNT(*) AS entries, MAX(ts) AS last_change
FROM entries GROUP BY account;

-- A second projection of the same log: money moved every 5 minutes, appended as each
-- window closes.
CREATE SINK flow WITH ('connector' = 'sqlite', 'path' = 'out/read.db', 'table-name' = 'flow_5min');
INSERT INTO flow
SELECT window_start AS since, SUM(CASE WHEN delta > 0 THEN delta ELSE 0 END) AS money_in,
       SUM(CASE WHEN delta < 0 THEN -delta ELSE 0 END) AS money_out
FROM TUMBLE(entries, ts, INTERVAL '5' MINUTE) GROUP BY window_start, window_end;

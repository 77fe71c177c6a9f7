-- A PostgreSQL read model becomes a Flink JDBC table on the same database, with the same
-- primary key; the user comes from the URL, the password never reaches the exported text.
CREATE SOURCE ledger (account VARCHAR, amount DOUBLE, ts TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND)
WITH ('connector' = 'file', 'path' = 'ledger.jsonl', 'format' = 'json');

CREATE SINK balances WITH ('connector' = 'postgres',
  'url' = 'postgresql://eddy:secret@db.example.com:5433/books', 'table-name' = 'balances',
  'primary-key' = 'account');
INSERT INTO balances SELECT account, SUM(amount) AS balance FROM ledger GROUP BY account;

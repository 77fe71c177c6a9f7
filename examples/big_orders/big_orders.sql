-- Large orders in euros, written to a sink file and printed.
CREATE SOURCE orders (
  order_id  BIGINT,
  customer  VARCHAR,
  amount    DOUBLE,
  currency  VARCHAR,
  placed_at TIMESTAMP(3)
) WITH ('connector' = 'file', 'path' = 'orders.jsonl', 'format' = 'json');

CREATE SINK big_orders_out WITH ('connector' = 'file', 'path' = 'out/big_orders.jsonl', 'format' = 'json');

INSERT INTO big_orders_out
SELECT order_id, UPPER(customer) AS customer, amount, placed_at
FROM orders
WHERE currency = 'EUR' AND amount > 300;

SELECT order_id, customer, ROUND(amount, 0) AS amount, placed_at
FROM orders
WHERE currency = 'EUR' AND amount BETWEEN 350 AND 400;

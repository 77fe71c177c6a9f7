-- Nexmark Q23 for Apache Flink, from nexmark/nexmark's queries/q23.sql.
-- Query 23: Expand bid with person and auction (Not in original suite)
-- Find all bids made by a person who has also listed an item for auction
-- Illustrates a multi-way join.
-- run_flink.py runs the last statement into its sink; earlier ones set it up.

SELECT bidder,
       price,
       channel,
       url,
       B.extra    AS bid_extra,

       P.id       AS person_id,
       name,
       emailAddress,
       creditCard,
       city,
       state,
       P.extra    AS person_extra,
       itemName,

       description,
       initialBid,
       reserve,
       A.dateTime AS auction_dateTime,
       expires,
       seller,
       category,
       A.extra    AS auction_extra
FROM bid B
         JOIN
     person P ON P.id = B.bidder
         JOIN
     auction A ON A.seller = B.bidder;

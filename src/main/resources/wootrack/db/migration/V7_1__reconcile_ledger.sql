-- Issue 16: the reconciliation ledger (`reconcile`, the route wootrack-reconcile). Standard SQL, H2 and PostgreSQL.

-- What WooTrack sent for each order key: a digest of each field of the mapped body (items, quantities, prices,
-- weights, each shipping field), never the values, so a reconciliation can say which field changed since. Written in
-- the transaction that records 'sent'; deleted with the personal data (wootrack.retention.personal-data).
CREATE TABLE sent_content (
  order_key   VARCHAR(100)  NOT NULL PRIMARY KEY,
  digest      VARCHAR(2000) NOT NULL,
  sent_at     TIMESTAMP WITH TIME ZONE NOT NULL
);

-- The last reconciliation's report (one row, id 1), for the console and GET /admin/reconcile. Its JSON holds order
-- ids, statuses, categories and the names of fields that differ: no names, addresses, emails or phones.
CREATE TABLE reconcile_report (
  id           INTEGER       NOT NULL PRIMARY KEY,
  finished_at  TIMESTAMP WITH TIME ZONE NOT NULL,
  outcome      VARCHAR(20)   NOT NULL,
  report       VARCHAR(1048576) NOT NULL
);

-- The keys of orders TrackingTech accepted (sent) or cancelled: a table of WooTrack's own, written by the decision's
-- own transaction (the row, the decision and the key commit together, so the order's next event sees the key).
-- They lived in CAMEL_MESSAGEPROCESSED before, written there behind the idempotent repository's back.
CREATE TABLE IF NOT EXISTS delivered_key (
  kind        VARCHAR(20)  NOT NULL,
  order_key   VARCHAR(100) NOT NULL,
  created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (kind, order_key)
);
INSERT INTO delivered_key (kind, order_key, created_at)
  SELECT CASE processorName WHEN 'trackingtech-sent' THEN 'sent' ELSE 'cancelled' END, messageId, createdAt
  FROM CAMEL_MESSAGEPROCESSED WHERE processorName IN ('trackingtech-sent', 'trackingtech-cancelled');
DELETE FROM CAMEL_MESSAGEPROCESSED WHERE processorName IN ('trackingtech-sent', 'trackingtech-cancelled');

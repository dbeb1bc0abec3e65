-- Issue 12: an order waiting for TrackingTech waits in the database, write-back steps are claimed before they are
-- written, the console lists each order's state, and old rows can be deleted by retention.

-- Delivery attempts that failed for a passing reason (TrackingTech down, 5xx, 429): the row waits, unclaimed, until
-- claimed_until (its next attempt); attempts counts them and last_error says why it waits.
ALTER TABLE inbox ADD COLUMN IF NOT EXISTS attempts INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE inbox ADD COLUMN IF NOT EXISTS last_error VARCHAR(2000);

-- One write-back step (a customer note per tracking number, an order update per status) is claimed here before
-- WooCommerce is called, so concurrent refreshes and the feed write it once. state: claimed -> done; claimed_by is
-- the exchange that holds it (its own redelivery may go on); a claim whose holder died expires at claimed_until and
-- is taken again (a crash repeats a step at most once).
CREATE TABLE IF NOT EXISTS writeback_step (
  step_key      VARCHAR(200) NOT NULL PRIMARY KEY,
  state         VARCHAR(10)  NOT NULL,
  claimed_by    VARCHAR(100),
  claimed_until TIMESTAMP WITH TIME ZONE,
  updated_at    TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX IF NOT EXISTS writeback_step_time ON writeback_step (updated_at);

-- The order's state for the console (sent, tracking-written, delivered, cancelled, dead-letter, parked, ignored, …):
-- what the order's decisions add up to, not its latest event (a duplicate or our own write-back echo changes nothing).
ALTER TABLE order_summary ADD COLUMN IF NOT EXISTS state VARCHAR(30);
UPDATE order_summary SET state = CASE
    WHEN EXISTS (SELECT 1 FROM decision d WHERE d.order_id = order_summary.order_id AND d.decision = 'cancelled')
      THEN 'cancelled'
    WHEN EXISTS (SELECT 1 FROM decision d WHERE d.order_id = order_summary.order_id AND d.decision = 'written-back'
                 AND d.status_seen = 'delivered')
      THEN 'delivered'
    WHEN EXISTS (SELECT 1 FROM decision d WHERE d.order_id = order_summary.order_id AND d.decision = 'written-back')
      THEN 'tracking-written'
    WHEN EXISTS (SELECT 1 FROM decision d WHERE d.order_id = order_summary.order_id AND d.decision = 'sent')
      THEN 'sent'
    WHEN EXISTS (SELECT 1 FROM decision d WHERE d.order_id = order_summary.order_id AND d.decision = 'dead-letter')
      THEN 'dead-letter'
    WHEN decision IN ('duplicate', 'own-write-back', 'write-back-failed') THEN 'ignored'
    ELSE decision END
  WHERE state IS NULL;
CREATE INDEX IF NOT EXISTS order_summary_state ON order_summary (state, last_decision_id);

-- Retention deletes by age.
CREATE INDEX IF NOT EXISTS inbox_received ON inbox (received_at);
CREATE INDEX IF NOT EXISTS dead_letter_replayed ON dead_letter (replayed_at);
CREATE INDEX IF NOT EXISTS camel_processed_created ON CAMEL_MESSAGEPROCESSED (processorName, createdAt);

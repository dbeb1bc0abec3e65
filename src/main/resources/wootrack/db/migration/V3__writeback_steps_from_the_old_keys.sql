-- Write-back steps written by versions before 0.2 were remembered as keys of two JdbcMessageIdRepository tables
-- (woocommerce-status-written: <order>:<status>:<tracking>; woocommerce-tracking-noted: <order>:<tracking>): they
-- count as done steps, so a refresh after the upgrade does not write a note twice.
INSERT INTO writeback_step (step_key, state, claimed_by, claimed_until, updated_at)
  SELECT 'status:' || m.messageId, 'done', NULL, NULL, m.createdAt FROM CAMEL_MESSAGEPROCESSED m
  WHERE m.processorName = 'woocommerce-status-written'
    AND NOT EXISTS (SELECT 1 FROM writeback_step w WHERE w.step_key = 'status:' || m.messageId);
INSERT INTO writeback_step (step_key, state, claimed_by, claimed_until, updated_at)
  SELECT 'note:' || m.messageId, 'done', NULL, NULL, m.createdAt FROM CAMEL_MESSAGEPROCESSED m
  WHERE m.processorName = 'woocommerce-tracking-noted'
    AND NOT EXISTS (SELECT 1 FROM writeback_step w WHERE w.step_key = 'note:' || m.messageId);
DELETE FROM CAMEL_MESSAGEPROCESSED WHERE processorName IN ('woocommerce-status-written', 'woocommerce-tracking-noted');

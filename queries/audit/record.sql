-- record: one row of the audit trail.
-- Params: $recorded_at, $action, $subject, $email, $page, $detail, $row_count (as audit_log's columns).
insert into audit_log
values ($recorded_at, $action, $subject, $email, $page, $detail, $row_count);

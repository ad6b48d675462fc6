-- purge: forget the rows older than the retention ([access] audit_retention_days).
-- Params: $before (timestamptz: rows recorded before it go).
delete from audit_log
where recorded_at < $before;

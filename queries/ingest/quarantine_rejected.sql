-- Keep every rejected row of `checked` in the quarantine, whole, with its file, line and reason.
-- A row already quarantined the same way (the same file imported again) is not added twice.
-- Params: $import_id, $file_name, $kind.
insert into quarantine
select
    $import_id,
    $file_name,
    rejected.line_number,
    $kind,
    rejected.rejection_reason,
    rejected.rejection_detail,
    rejected.record_key,
    rejected.row_json
from checked as rejected
anti join quarantine as known
    on known.file_name = $file_name
    and known.line_number = rejected.line_number
    and known.reason = rejected.rejection_reason
    and known.row_json = rejected.row_json
where rejected.rejection_reason is not null;

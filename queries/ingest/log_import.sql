-- One row of import_log: one import (all the files of one command or one upload), finished now.
-- Params: $import_id, $started_at, $user_name, $host_name, $command, $rows_read, $rows_loaded,
--         $rows_updated, $rows_quarantined.
insert into import_log (
    import_id, started_at, finished_at, user_name, host_name, command, rows_read, rows_loaded, rows_updated,
    rows_quarantined
)
values (
    $import_id, $started_at, now(), $user_name, $host_name, $command, $rows_read, $rows_loaded, $rows_updated,
    $rows_quarantined
)

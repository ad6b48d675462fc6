-- One row of import_files: what one file of an import did.
-- Params: $import_id, $file_name, $kind, $rows_read, $rows_new, $rows_updated, $rows_unchanged,
--         $rows_quarantined, $rows_released, $unmatched_request_links, $ignored_columns.
insert into import_files (
    import_id, file_name, kind, rows_read, rows_new, rows_updated, rows_unchanged, rows_quarantined,
    rows_released, unmatched_request_links, ignored_columns
)
values (
    $import_id, $file_name, $kind, $rows_read, $rows_new, $rows_updated, $rows_unchanged, $rows_quarantined,
    $rows_released, $unmatched_request_links, $ignored_columns
)

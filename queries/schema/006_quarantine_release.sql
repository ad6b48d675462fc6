-- How many quarantined rows each file of an import released: rows of earlier files that a valid
-- row of this one replaced (the fixed row was imported). NULL for imports made before this column.
alter table import_files add column rows_released bigint;

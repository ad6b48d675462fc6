-- One row per rejection reason in `checked`: how many rows, and the first example (its line, the
-- column and value it is about, and the import's English sentence, so a page can translate it).
select
    rejection_reason as reason,
    count(*) as row_count,
    arg_min(format('line {}: {}', line_number, rejection_detail), line_number) as first_example,
    min(line_number) as line_number,
    arg_min_null(rejection_column, line_number) as column_name,
    arg_min_null(rejection_value, line_number) as bad_value,
    arg_min_null(rejection_detail, line_number) as detail
from checked
where rejection_reason is not null
group by rejection_reason
order by row_count desc, reason

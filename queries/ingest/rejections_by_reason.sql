-- One row per rejection reason in `checked`: how many rows, and the first example.
select
    rejection_reason as reason,
    count(*) as row_count,
    arg_min(format('line {}: {}', line_number, rejection_detail), line_number) as first_example
from checked
where rejection_reason is not null
group by rejection_reason
order by row_count desc, reason

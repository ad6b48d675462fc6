-- trend_event_rejects: the rows the latest events import refused, by file and line. No params.
select
    file_name,
    line_number,
    reason,
    row_json
from trend_event_rejects
order by file_name, line_number

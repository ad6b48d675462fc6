-- departments: one row per department code found in the applications, for the filter bar.
-- No params.
select distinct department
from requests
where department is not null
order by department

-- departments: one row per department code found in the applications, for the filter bar.
-- No params.
select distinct department
from application_facts
where department is not null
order by department

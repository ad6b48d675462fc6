-- departments: one row per department code found in the applications the reader's scope shows,
-- for the filter bar.
-- $scope_cells: the reader's scope (schema/017_in_scope.sql), applied where the rows are read.
select distinct department
from application_facts
where department is not null
    and in_scope($scope_cells, title_type, department)
order by department

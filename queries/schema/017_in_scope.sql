-- Whether a reader's scope shows a row of this title type and department (issue 17, access.py).
-- `scope_cells` is the bound list `$scope_cells` of "title_type|department" cells, "*" for every
-- value: the union of the reader's grants, so (passport, 75) and (id_card, 92) never show passports
-- in 92. A row with no application (contacts not linked to one, or linked to one the warehouse does
-- not know) or with no department is national demand: only a national scope, "*|*", shows it.
-- An empty list shows nothing. The same rule as `Scope.allows`.
-- For the national scope the whole test folds to true before a row is read (it reads only the
-- bound list); three list_contains cost a third less than one list_has_any of three values.
-- $scope_cells: the reader's scope (schema/017_in_scope.sql), applied where the rows are read.
create or replace macro in_scope(scope_cells, title_type, department) as
    list_contains(scope_cells, '*|*')
    or (title_type is not null and department is not null and (
        list_contains(scope_cells, title_type || '|' || department)
        or list_contains(scope_cells, title_type || '|*')
        or list_contains(scope_cells, '*|' || department)
    ));

-- Whether a scope shows a title type in at least one department (`Scope.title_types`): the rows a
-- dataset makes up for every configured title type (a calendar of days × types) stop at these.
create or replace macro title_type_in_scope(scope_cells, title_type) as
    len(list_filter(scope_cells, lambda cell: starts_with(cell, '*|') or starts_with(cell, title_type || '|'))) > 0;

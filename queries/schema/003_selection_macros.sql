-- Macros the datasets share, so that a definition lives in one place.

-- as_of (kpis.md): the latest timestamp in the warehouse.
create macro data_as_of() as (
    select greatest(
        (select max(submitted_at) from requests),
        (select max(occurred_at) from request_events),
        (select max(received_at) from contacts)
    )
);

-- Whether a value passes a filter: an empty list chooses everything. A contact with no
-- application has no title type, so a title-type filter leaves it out (kpis.md, filters).
create macro is_chosen(value, chosen) as len(chosen) = 0 or list_contains(chosen, value);

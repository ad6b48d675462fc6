-- A contact's subject (kpis.md §1): the application when the contact names one, else its reason.
-- One definition for contact_facts and for the keys an import dirties (derived/dirty_*.sql).
create or replace macro contact_subject(request_id, reason) as
    case when request_id is not null then 'request:' || request_id else 'reason:' || reason end;

-- What a data team adds after the load for the headline queries on the raw tables.
alter table requests add primary key (request_id);
alter table contacts add primary key (contact_id);

-- Max instants (as_of) and period ranges read an index instead of the table.
create index requests_submitted_at on requests (submitted_at);
create index contacts_received_at on contacts (received_at);
create index request_events_occurred_at on request_events (occurred_at);

-- One application's history in time order (the usual lookup), and its terminal events alone:
-- "still open at D" is a NOT EXISTS on this small partial index.
create index request_events_history on request_events (request_id, occurred_at);
create index request_events_terminal on request_events (request_id, occurred_at) include (status)
    where status in ('delivered', 'rejected', 'cancelled');

-- A period's deliveries: a range of this small partial index.
create index request_events_delivered on request_events (occurred_at) include (request_id)
    where status = 'delivered';

-- A period's contacts without a citizen are counted from the index alone.
create index contacts_unlinked on contacts (received_at) where citizen_id is null;

-- Episodes walk each citizen's contacts on one subject in time order: an index in exactly the
-- window's order lets the planner skip the sort.
create index contacts_by_subject on contacts (
    citizen_id, (coalesce('request:' || request_id, 'reason:' || reason)), received_at, contact_id
) where citizen_id is not null;

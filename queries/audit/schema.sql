-- The audit trail's one table, in its own file beside the warehouse (oncedone/audit.py says why).
-- One row is one thing a person did: logged in, viewed a page with its filters, exported a file,
-- imported files. Who is the identity provider's subject and e-mail, nothing more (no name, no
-- address, no group): enough to answer "who saw this", no more personal data than that needs.
create table if not exists audit_log (
    recorded_at timestamptz not null,
    action varchar not null,  -- login, view, export, import
    subject varchar,  -- the ID token's `sub` (the command line: "cli:" and the system user)
    email varchar,  -- the ID token's `email`, when it has one
    page varchar,  -- the page's url path (view, export, import from the data page)
    detail varchar,  -- view: the URL's filters; export: the file's name; import: the files and the import's id
    row_count bigint  -- export: the rows in the file; import: the rows read
);

-- An organization's expiry digest to its admins: OFF or WEEKLY (the API says off/weekly).
alter table organizations add column expiry_digest varchar(10) default 'OFF' not null;

-- A notice that could not reach its owner (owner deactivated, or delivery failed for good) goes to the
-- organization's admins instead: at most one escalation per notice, hence the notice id as primary key.
-- Created in the transaction that cancels or fails the notice, sent through its own lease.
create table notice_escalations (
    notice_id       varchar(36)  not null primary key references expiry_notices (id),
    organization_id varchar(36)  not null references organizations (id),
    key_id          varchar(36)  not null,
    reason          varchar(20)  not null,
    state           varchar(20)  not null,
    attempts        integer      not null,
    last_error      varchar(500),
    next_attempt_at timestamp,
    lease_until     timestamp,
    created_at      timestamp    not null,
    sent_at         timestamp,
    recipients      integer,
    cancel_reason   varchar(40)
);
create index notice_escalations_ready_idx on notice_escalations (state, next_attempt_at);

-- The weekly digest outbox: one row per organization and ISO week; the unique index is what makes a
-- digest exactly-once across scans and instances.
create table expiry_digests (
    id              varchar(36)  not null primary key,
    organization_id varchar(36)  not null references organizations (id),
    iso_week        varchar(8)   not null,
    state           varchar(20)  not null,
    attempts        integer      not null,
    last_error      varchar(500),
    next_attempt_at timestamp,
    lease_until     timestamp,
    created_at      timestamp    not null,
    sent_at         timestamp,
    recipients      integer,
    key_count       integer,
    cancel_reason   varchar(40)
);
create unique index expiry_digests_once_uq on expiry_digests (organization_id, iso_week);
create index expiry_digests_ready_idx on expiry_digests (state, next_attempt_at);

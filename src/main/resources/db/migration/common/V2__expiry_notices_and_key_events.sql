-- The expiry-notice outbox: one row per (key, threshold, expiry); the unique index is what makes a
-- notice exactly-once across scans and instances.
create table expiry_notices (
    id              varchar(36)  not null primary key,
    key_id          varchar(36)  not null references api_keys (id),
    organization_id varchar(36)  not null references organizations (id),
    threshold       varchar(20)  not null,
    key_expires_at  timestamp    not null,
    state           varchar(20)  not null,
    attempts        integer      not null,
    last_error      varchar(500),
    next_attempt_at timestamp,
    lease_until     timestamp,
    created_at      timestamp    not null,
    sent_at         timestamp,
    recipient       varchar(254)
);
create unique index expiry_notices_once_uq on expiry_notices (key_id, threshold, key_expires_at);
create index expiry_notices_ready_idx on expiry_notices (state, next_attempt_at);
create index expiry_notices_organization_idx on expiry_notices (organization_id, created_at);

-- The expiry scan looks only at keys near or just past their expiry.
create index api_keys_expiry_idx on api_keys (expires_at);

-- What happened to each key, and who did it. Details never hold a secret or a digest. No foreign key
-- to api_keys: the audit trail is written with the change and must outlive anything it describes.
create table key_events (
    id              varchar(36)   not null primary key,
    organization_id varchar(36)   not null references organizations (id),
    key_id          varchar(36)   not null,
    type            varchar(40)   not null,
    actor_id        varchar(36),
    occurred_at     timestamp     not null,
    client_ip       varchar(45),
    user_agent      varchar(300),
    details         varchar(2000)
);
create index key_events_key_idx on key_events (key_id, occurred_at);
create index key_events_organization_idx on key_events (organization_id, occurred_at);

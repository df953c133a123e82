-- Webhooks (io.latchkey.webhooks): endpoints the admins register, and the outbox of deliveries to them. A
-- delivery row is written in the transaction of the change it reports; its id, from a sequence, orders the
-- deliveries of one endpoint. The signing secret is kept as given to the admin: HMAC needs it.
create table webhooks (
    id              varchar(36)   not null primary key,
    organization_id varchar(36)   not null references organizations (id),
    url             varchar(2000) not null,
    description     varchar(200),
    events          varchar(400)  not null,
    secret          varchar(100)  not null,
    active          boolean       not null default true,
    created_at      timestamp     not null,
    version         bigint        not null default 0
);
create index webhooks_organization_idx on webhooks (organization_id);
create sequence webhook_delivery_seq start with 1 increment by 1;
create table webhook_deliveries (
    id              bigint        not null primary key,
    webhook_id      varchar(36)   not null references webhooks (id) on delete cascade,
    organization_id varchar(36)   not null,
    event_id        varchar(36)   not null,
    event_type      varchar(40)   not null,
    payload         varchar(20000) not null,
    state           varchar(12)   not null,
    attempts        integer       not null default 0,
    next_attempt_at timestamp     not null,
    lease_until     timestamp,
    last_status     integer,
    last_error      varchar(300),
    created_at      timestamp     not null,
    delivered_at    timestamp,
    constraint webhook_deliveries_once unique (webhook_id, event_id)
);
create index webhook_deliveries_queue_idx on webhook_deliveries (webhook_id, state, id);

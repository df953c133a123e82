-- Portable SQL: runs unchanged on H2 2.x and PostgreSQL. Ids are UUID strings; times are UTC TIMESTAMPs.

create table organizations (
    id                        varchar(36)  not null primary key,
    name                      varchar(200) not null,
    max_key_lifetime_days     integer      not null,
    default_key_lifetime_days integer      not null,
    max_keys_per_user         integer      not null,
    created_at                timestamp    not null
);

create table users (
    id              varchar(36)  not null primary key,
    organization_id varchar(36)  not null references organizations (id),
    email           varchar(254) not null,
    name            varchar(200) not null,
    password_hash   varchar(512) not null,
    roles           varchar(100) not null,
    active          boolean      not null,
    created_at      timestamp    not null,
    version         bigint       not null
);
create unique index users_email_uq on users (email);
create index users_organization_idx on users (organization_id, created_at);

create table api_keys (
    id              varchar(36)  not null primary key,
    organization_id varchar(36)  not null references organizations (id),
    owner_id        varchar(36)  not null references users (id),
    created_by_id   varchar(36)  not null references users (id),
    description     varchar(200) not null,
    access_level    varchar(20)  not null,
    secret_digest   varchar(64)  not null,
    secret_last4    varchar(4)   not null,
    created_at      timestamp    not null,
    issued_at       timestamp    not null,
    expires_at      timestamp    not null,
    revoked_at      timestamp,
    last_used_at    timestamp,
    version         bigint       not null
);
create unique index api_keys_digest_uq on api_keys (secret_digest);
create index api_keys_organization_idx on api_keys (organization_id, created_at);
create index api_keys_owner_idx on api_keys (owner_id, expires_at);

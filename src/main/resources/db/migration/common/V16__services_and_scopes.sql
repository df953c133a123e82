-- Services that keys are presented to, and the scopes each defines (io.latchkey.services). A scope's name
-- starts with its service's name and a colon, so it is unique in the organization.
create table services (
    id              varchar(36)  not null primary key,
    organization_id varchar(36)  not null references organizations (id),
    name            varchar(40)  not null,
    description     varchar(200),
    admins_only     boolean      not null default false,
    created_at      timestamp    not null,
    version         bigint       not null default 0,
    constraint services_name_unique unique (organization_id, name)
);
create table service_scopes (
    service_id  varchar(36)  not null references services (id),
    name        varchar(81)  not null,
    description varchar(200),
    writes      boolean      not null default false,
    primary key (service_id, name)
);

-- The scopes a key carries, space-separated (null: none, the key is for Latchkey's own API as before).
-- Read with the key by digest, so a key check with scopes still costs one lookup on a miss and none on a hit.
alter table api_keys add column scopes varchar(1700);

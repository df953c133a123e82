-- Where a user's identity lives: LOCAL (a Latchkey password), OIDC (the OpenID Connect provider; external_id
-- is the issuer's subject) or LDAP (the directory; external_id is the entry's entryUUID or objectGUID, or its DN
-- where entries have neither: LATCHKEY_LDAP_ID_ATTRIBUTE). Users of a provider or a
-- directory have no Latchkey password: their password_hash is a marker no password matches.
alter table users add column identity_source varchar(10) default 'LOCAL' not null;
alter table users add column external_id varchar(1000);
create unique index users_external_uq on users (identity_source, external_id);
create index users_source_idx on users (organization_id, identity_source, active);

-- A console sign-in through the provider that has started and not yet come back: looked up by the digest
-- of its state, tied to the browser that started it by the digest of a cookie, used once, lives 10 minutes.
-- The client address bounds how many one address may have pending.
create table oidc_sign_ins (
    state_digest   varchar(64)   not null primary key,
    browser_digest varchar(64)   not null,
    client_address varchar(64)   not null,
    nonce          varchar(100)  not null,
    code_verifier  varchar(100)  not null,
    redirect_uri   varchar(1000) not null,
    created_at     timestamp     not null
);
create index oidc_sign_ins_created_idx on oidc_sign_ins (created_at);
create index oidc_sign_ins_client_idx on oidc_sign_ins (client_address, created_at);

-- Directory syncs: one row per run. A timed run's slot (interval number) is unique, so that one instance of
-- a cluster runs each interval's sync; a run an admin asks for has no slot.
create table directory_syncs (
    id           varchar(36)  not null primary key,
    slot         bigint,
    trigger_kind varchar(10)  not null,
    started_at   timestamp    not null,
    finished_at  timestamp,
    checked      integer,
    deactivated  integer,
    roles_changed integer,
    error        varchar(500)
);
create unique index directory_syncs_slot_uq on directory_syncs (slot);
create index directory_syncs_started_idx on directory_syncs (started_at);

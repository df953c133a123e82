-- Keys made by a key die with it. created_by_key_id: the key that authenticated the creation (null for
-- password, session and provider sign-ins). key_lineage: every key a key created, edited or regenerated;
-- revoking a key revokes what it made, transitively, in the same transaction.
alter table api_keys add column created_by_key_id varchar(36);
create table key_lineage (
    key_id varchar(36) not null,
    parent_key_id varchar(36) not null,
    primary key (key_id, parent_key_id)
);
create index key_lineage_parent_idx on key_lineage (parent_key_id);

-- GET /audit?via_key_id=: what a key was used to do.
create index key_events_via_key_idx on key_events (organization_id, via_key_id);

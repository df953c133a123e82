-- Where each key was last used from (written with last_used_at, in batches).
alter table api_keys add column last_used_ip varchar(45);

-- Repeated events (a client calling with a revoked or expired key) are kept as one row per key,
-- type, client and hour, with a count, so that a misbehaving client cannot flood the table.
alter table key_events add column occurrences integer default 1 not null;
alter table key_events add column hour_bucket timestamp;
create unique index key_events_aggregate_uq on key_events (key_id, type, client_ip, hour_bucket);
create index key_events_organization_type_idx on key_events (organization_id, type, occurred_at);

-- The bootstrap admin (the first admin of the first organization) becomes the installation's operator,
-- who may create organizations.
update users set roles = concat(roles, ' operator')
 where id = (select u.id from users u where u.roles like '%admin%' order by u.created_at, u.id limit 1)
   and roles not like '%operator%';

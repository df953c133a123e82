-- Every event says which credential the actor used; user and organization changes are events too
-- (they have no key). Cancelled expiry notices say why.
alter table key_events add column auth_method varchar(20);
alter table key_events add column via_key_id varchar(36);
alter table key_events add column user_id varchar(36);
alter table key_events alter column key_id drop not null;
create index key_events_user_idx on key_events (user_id, occurred_at);

alter table expiry_notices add column cancel_reason varchar(40);

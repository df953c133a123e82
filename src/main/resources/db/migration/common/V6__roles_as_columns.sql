-- One boolean column per role, so that "all admins of an organization" is a plain query (and an index
-- can serve it) instead of a text match filtered again in Java.
alter table users add column role_admin boolean default false not null;
alter table users add column role_token_manager boolean default false not null;
alter table users add column role_member boolean default false not null;
alter table users add column role_operator boolean default false not null;
update users set role_admin = true where concat(concat(' ', roles), ' ') like '% admin %';
update users set role_token_manager = true where concat(concat(' ', roles), ' ') like '% token-manager %';
update users set role_member = true where concat(concat(' ', roles), ' ') like '% member %';
update users set role_operator = true where concat(concat(' ', roles), ' ') like '% operator %';
alter table users drop column roles;
create index users_admins_idx on users (organization_id, role_admin, active);

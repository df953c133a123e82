-- Roles that came from groups must not outlive the groups. groups_seen_at: when the OpenID Connect provider
-- last vouched for a user's groups (their roles lapse to member LATCHKEY_OIDC_ROLE_MAX_AGE after it).
-- group_roles: what the groups gave then. roles_ceiling: the most an admin lets them give (an admin can
-- lower an external user's roles in Latchkey, never raise them). Comma-separated wire names.
alter table users add column groups_seen_at timestamp;
alter table users add column group_roles varchar(100);
alter table users add column roles_ceiling varchar(100);
create index users_groups_seen_idx on users (identity_source, groups_seen_at);

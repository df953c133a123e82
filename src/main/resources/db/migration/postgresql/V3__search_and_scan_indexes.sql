-- PostgreSQL only: indexes that make the description search and the expiry scan index lookups.
-- pg_trgm is a trusted extension (PostgreSQL 13+): the schema owner may create it.
create extension if not exists pg_trgm;

-- "q" searches are case-insensitive substrings: lower(description) like '%text%'.
create index api_keys_description_trgm_idx on api_keys using gin (lower(description) gin_trgm_ops);

-- The expiry scan reads only unrevoked keys in an expiry window.
create index api_keys_unrevoked_expiry_idx on api_keys (expires_at) where revoked_at is null;

-- H2 counterpart of the PostgreSQL-only V3 (trigram search does not exist here): the embedded
-- database is for a single instance and small key counts, where a scan of descriptions is cheap.
create index api_keys_revoked_idx on api_keys (revoked_at, expires_at);

-- Rotation with overlap: after a regeneration with a grace period the previous secret's digest keeps
-- working until previous_secret_expires_at; its uses are counted apart. Cleared by the next
-- regeneration, a revocation or the owner's deactivation.
alter table api_keys add column previous_secret_digest varchar(64);
alter table api_keys add column previous_secret_expires_at timestamp;
alter table api_keys add column previous_secret_last_used_at timestamp;
create index api_keys_previous_digest_idx on api_keys (previous_secret_digest);

-- Per-key address limits: canonical CIDRs, comma-separated (null: any address).
alter table api_keys add column allowed_cidrs varchar(1600);

-- revoke_unused_after_days: keys of the organization not used for that many days are revoked by the scan
-- (their owner warned 7 days before, in the expiry-notice outbox as threshold UNUSED_7, whose
-- key_expires_at then holds the day of revocation); 0 is off.
alter table organizations add column revoke_unused_after_days integer default 0 not null;

-- When each instance last renewed its key-cache lease, by the database's clock (milliseconds since the
-- epoch): a registration not renewed for a whole lease belongs to an instance that can no longer be
-- answering from memory (a killed one), and is removed without waiting for it to answer.
alter table key_cache_members add column renewed_db_ms bigint;

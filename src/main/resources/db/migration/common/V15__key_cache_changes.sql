-- Every change that instances may hold in memory (see io.latchkey.grid.Invalidation), recorded in the
-- transaction that makes it, by the database's clock (milliseconds since the epoch). An instance that
-- answers from memory checks at each lease renewal that it has received each recent one over the grid;
-- one that never arrives (the changer could not fence it, the grid was cut) empties its memory. Rows
-- older than ten minutes are pruned.
create table key_cache_changes (
    change_id varchar(64) primary key,
    recorded_db_ms bigint not null
);
create index key_cache_changes_recorded on key_cache_changes (recorded_db_ms);

-- The verifier role (a backend's service account that may only verify keys).
alter table users add column role_verifier boolean default false not null;

-- The instances that answer key checks from memory, each while its row exists and it keeps renewing
-- it. An instance that changes a key and gets no acknowledgement of the invalidation from a member
-- deletes that member's row (fences it) and waits one lease; the fenced member's next renewal fails
-- and it reads the database until it has joined again (see io.latchkey.grid.Members).
create table key_cache_members (
    member_id varchar(64) primary key,
    grid_member varchar(64),
    host varchar(255),
    registered_at timestamp not null,
    renewed_at timestamp not null
);

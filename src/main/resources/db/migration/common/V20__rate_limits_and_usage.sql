-- default_requests_per_minute: the rate limit of the organization's keys that have none of their own (0: none).
-- requests_per_minute: a key's own rate limit (null: the organization's default).
alter table organizations add column default_requests_per_minute integer default 0 not null;
alter table api_keys add column requests_per_minute integer;

-- key_usage: successful requests per key and hour (UTC), added up in memory and flushed like the last use;
-- kept 30 days (older hours are deleted by the flush).
create table key_usage (
    key_id varchar(36) not null,
    hour_start timestamp not null,
    requests bigint not null,
    primary key (key_id, hour_start),
    constraint key_usage_key foreign key (key_id) references api_keys (id) on delete cascade
);
create index key_usage_hour on key_usage (hour_start);

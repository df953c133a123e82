-- Service accounts (identity_source 'SERVICE'): users that are no person. responsible_id: the person of the
-- organization who answers for one (gets its keys' notices); service_account_managers: the token managers
-- who manage its keys besides the admins.
alter table users add column responsible_id varchar(36) references users (id);
create index users_responsible_idx on users (responsible_id);
create table service_account_managers (
    service_account_id varchar(36) not null references users (id),
    manager_id         varchar(36) not null references users (id),
    primary key (service_account_id, manager_id)
);

-- Where provider (oidc) and directory (ldap) users go, resolved to an organization id once and kept:
-- never found again by a name an admin can change or copy. configured_as: the setting as it was when
-- resolved ('' for the default, the installation's first organization); a new setting resolves anew.
create table sign_in_organizations (
    source varchar(10) not null primary key,
    configured_as varchar(200) not null,
    organization_id varchar(36) not null,
    resolved_at timestamp not null
);

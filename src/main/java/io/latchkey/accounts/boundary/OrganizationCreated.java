package io.latchkey.accounts.boundary;

/** A new organization and its first admin, as {@code POST /api/v1/organizations} answers. */
public record OrganizationCreated(OrganizationView organization, UserView admin) {
}

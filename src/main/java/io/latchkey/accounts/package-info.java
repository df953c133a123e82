/**
 * Organizations, their users and the users' roles.
 *
 * <p>Every user belongs to exactly one organization, and every query here takes the caller's
 * organization: a user of another organization is "not found". Emails are unique across the
 * installation (they are the sign-in name) and stored lower-case. Passwords are kept only as
 * PBKDF2 hashes from the platform's {@code Pbkdf2PasswordHash}.
 *
 * <p>Invariants: an organization always keeps at least one active admin (the last one cannot be
 * deactivated or lose the role); a user always has at least one role. Roles are stored as one boolean
 * column each, so "the active admins of an organization" is one indexed query. Roles imply others
 * ({@link io.latchkey.accounts.entity.Role#withImplied}: an admin can do what a token manager and a
 * member can); a caller may act on another user's keys only when their roles cover that user's.
 *
 * <p>An organization's policy is its key policy ({@link io.latchkey.accounts.entity.KeyPolicy}) and its
 * expiry digest ({@link io.latchkey.accounts.entity.DigestSchedule}: {@code off} or {@code weekly}, off for
 * every new organization); {@code io.latchkey.notices} reads which organizations want a digest and whom
 * to tell (their active admins) through {@link io.latchkey.accounts.control.UserStore}.
 *
 * <p>Service accounts ({@link io.latchkey.accounts.control.ServiceAccounts}) are users of source
 * {@code SERVICE}: no person, so no password, provider or directory, and an email under the reserved domain
 * {@code service-accounts.invalid} that no mail reaches and no provider vouches for. Each names an active person
 * of its organization who answers for it (its keys' notices go there) and the token managers who manage its
 * keys; a person's deactivation leaves the accounts they answered for working and audited
 * ({@code responsible_inactive}) until an admin names someone else.
 *
 * <p>On first start with an empty database, {@link io.latchkey.accounts.boundary.Bootstrap} creates the
 * first organization and its admin from configuration.
 */
package io.latchkey.accounts;

/**
 * Who the company says a person is: the OpenID Connect provider (console sign-in, through the Nimbus
 * OAuth 2.0 SDK), the LDAP directory (passwords, through the JDK's JNDI) and the directory sync.
 *
 * <p>Owns: the provider's discovery and ID-token validation ({@link io.latchkey.identity.control.OidcProvider}),
 * the pending sign-ins between leaving for the provider and coming back
 * ({@link io.latchkey.identity.control.PendingSignIns}), the directory's searches and binds
 * ({@link io.latchkey.identity.control.Directory}), the group → role map
 * ({@link io.latchkey.identity.control.RoleMap}), letting people in
 * ({@link io.latchkey.identity.boundary.Admissions}) and the sync
 * ({@link io.latchkey.identity.boundary.DirectorySync}).
 *
 * <p>Invariants: a provider's or directory's user is created at first sign-in in the configured
 * organization and never takes over a user of another kind (the email must be free); their roles are what
 * their groups give, set at every sign-in and sync (never {@code operator} or {@code verifier}); the
 * sync deactivates only when the directory answered, and never everyone at once. A person is known by what
 * never changes for them (the issuer and subject; the entry's {@code entryUUID} or {@code objectGUID}), so
 * a moved entry or a new email keeps the account, whose email follows unless another user has it. Nothing
 * of a token, an authorization code, the client secret or the bind password is logged. The authentication
 * mechanism and identity stores ({@code auth}) call in here; the rules of users stay in {@code accounts}.
 *
 * <p>Out of scope: logout at the provider (ending the console session ends Latchkey's only), SCIM
 * provisioning, and more than one provider or directory per installation.
 */
package io.latchkey.identity;

/**
 * Who is calling, decided by the container on every request.
 *
 * <p>The path has one direction. {@link io.latchkey.auth.LatchkeyAuthenticationMechanism} speaks HTTP
 * only: {@link io.latchkey.auth.CredentialReader} reads {@code Authorization: Bearer <key>},
 * {@code X-API-Key: <key>} or {@code Authorization: Basic} (and refuses a key in the URL, however
 * encoded); the identity stores decide; the mechanism applies the
 * {@link io.latchkey.auth.FailedAuthThrottle} and answers, writing refusals with the same
 * {@link io.latchkey.problems.ProblemWriter} the exception mappers use.
 * {@link io.latchkey.auth.ApiKeyIdentityStore} returns a typed {@link io.latchkey.keys.control.KeyVerdict}
 * from {@link io.latchkey.keys.control.KeyVerifier}, the one place that answers "is this a usable key
 * right now, and for whom"; {@link io.latchkey.auth.PasswordIdentityStore} checks passwords (PBKDF2,
 * equal time for unknown emails, bounded concurrency) and console sessions. Both stores dispatch on
 * the credential type explicitly.
 *
 * <p>Invariants: a valid key is always served, whatever else failed from its address; a key's groups
 * are its owner's roles read on every request, so deactivating a user or removing a role takes effect
 * on the next request and a key never carries more than its owner; a read-only key may only use safe
 * methods ({@link io.latchkey.auth.ReadOnlyKeys}); roles are enforced from {@code @RolesAllowed} by
 * {@link io.latchkey.auth.RoleEnforcement}, the same on every JAX-RS runtime. Key use is handed to
 * {@code keys} (last use, written in batches) and dead-key use to {@code audit} as a CDI event; this
 * package writes nothing itself.
 *
 * <p>Nothing here logs a key, a digest, a password or an Authorization header.
 */
package io.latchkey.auth;

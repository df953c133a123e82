/**
 * Who is calling, decided by the container on every request.
 *
 * <p>{@link io.latchkey.auth.LatchkeyAuthenticationMechanism} only speaks the protocol: it reads
 * {@code Authorization: Bearer <key>}, {@code X-API-Key: <key>} or {@code Authorization: Basic}, hands
 * the credential to the identity stores, and tells the container the outcome. The stores decide:
 * {@link io.latchkey.auth.ApiKeyIdentityStore} (format and checksum first, so garbage never reaches the
 * database; then digest lookup, revocation, expiry, owner still active) and
 * {@link io.latchkey.auth.PasswordIdentityStore} (PBKDF2, equal time for unknown emails).
 *
 * <p>A key's groups are its owner's roles read on every request, so deactivating a user or removing a
 * role takes effect on the next request; a key never carries more than its owner. A read-only key
 * may only use safe methods ({@link io.latchkey.auth.ReadOnlyKeys}). Roles are enforced from
 * {@code @RolesAllowed} by {@link io.latchkey.auth.RoleEnforcement}, which behaves the same on every
 * JAX-RS runtime.
 *
 * <p>Nothing here logs a key, a digest, a password or an Authorization header. Key use is recorded in
 * memory and written in batches ({@link io.latchkey.auth.LastUseRecorder}), so a request costs one
 * indexed read and no write.
 */
package io.latchkey.auth;

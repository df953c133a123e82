package io.latchkey.keys.boundary;

import io.latchkey.accounts.entity.Role;
import io.latchkey.keys.control.KeyVerdict;
import io.latchkey.keys.boundary.KeyView.UserRef;
import java.time.Instant;
import java.util.List;

/**
 * The answer of {@code POST /keys/verify}: {@code valid} and, for a good key, whose it is and what it may
 * do; for a refused one, only the {@code code} ({@code key_invalid}, {@code key_expired},
 * {@code key_revoked}, {@code key_owner_inactive}, {@code key_owner_role_missing}, {@code address_not_allowed},
 * {@code insufficient_scope}). {@code scopes}: the scopes of the organization's services the key carries. Absent fields are left out.
 */
public record VerificationView(boolean valid, String code, String keyId, UserRef owner, List<String> roles,
                               String access, List<String> scopes, Instant expiresAt, String organizationId) {

    static VerificationView refused(String code) {
        return new VerificationView(false, code, null, null, null, null, null, null, null);
    }

    static VerificationView of(KeyVerdict verdict) {
        return new VerificationView(true, null, verdict.keyId(), new UserRef(verdict.ownerId(), verdict.ownerEmail()),
                verdict.ownerRoles().stream().map(Role::wireName).sorted().toList(), verdict.access().wireName(),
                verdict.scopes().stream().sorted().toList(), verdict.expiresAt(), verdict.organizationId());
    }
}

package io.latchkey.client;

import jakarta.security.enterprise.CallerPrincipal;
import java.time.Instant;
import java.util.Set;

/**
 * The caller of a request made with a Latchkey key, as {@code SecurityContext.getCallerPrincipal()} (or
 * {@code getCallerPrincipals(LatchkeyCaller.class)}) gives it: named by the key owner's email, with the key's id, its
 * owner's and organization's ids, its access level ({@code read_only} or {@code read_write}), its scopes and when it
 * expires. Its groups are its scopes plus {@code latchkey:read_only} or {@code latchkey:read_write}.
 */
public final class LatchkeyCaller extends CallerPrincipal {

    private final String keyId;
    private final String ownerId;
    private final String organizationId;
    private final String access;
    private final Set<String> scopes;
    private final Instant expiresAt;
    private final Set<String> groups;

    LatchkeyCaller(String ownerEmail, String keyId, String ownerId, String organizationId, String access, Set<String> scopes,
                   Instant expiresAt) {
        super(ownerEmail);
        this.keyId = keyId;
        this.ownerId = ownerId;
        this.organizationId = organizationId;
        this.access = access;
        this.scopes = Set.copyOf(scopes);
        this.expiresAt = expiresAt;
        java.util.Set<String> all = new java.util.HashSet<>(this.scopes);
        all.add("latchkey:" + access);
        this.groups = Set.copyOf(all);
    }

    public String keyId() {
        return keyId;
    }

    public String ownerId() {
        return ownerId;
    }

    public String organizationId() {
        return organizationId;
    }

    public String access() {
        return access;
    }

    public boolean readOnly() {
        return "read_only".equals(access);
    }

    public Set<String> scopes() {
        return scopes;
    }

    public Instant expiresAt() {
        return expiresAt;
    }

    /**
     * The groups the container knows the caller by: {@code isCallerInRole} / {@code @RolesAllowed} use them. Made once
     * per answer, not per request: a cached caller serves many.
     */
    Set<String> groups() {
        return groups;
    }
}

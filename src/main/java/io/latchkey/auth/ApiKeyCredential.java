package io.latchkey.auth;

import jakarta.security.enterprise.credential.Credential;

/**
 * A presented API key. {@code CredentialValidationResult} has no room for a reason, so the store
 * records why it rejected the key here, for the mechanism to report ({@code key_expired} differs from
 * {@code key_revoked} for the integration that has to act on it).
 */
final class ApiKeyCredential implements Credential {

    private final String key;
    private String rejection = "key_invalid";
    private String rejectionDetail = "The API key is not valid";
    private String rejectedKeyId;
    private String rejectedKeyOrganizationId;

    ApiKeyCredential(String key) {
        this.key = key;
    }

    String key() {
        return key;
    }

    void reject(String code, String detail) {
        this.rejection = code;
        this.rejectionDetail = detail;
    }

    /** A rejection of a real key of this installation (revoked, expired): worth an audit event. */
    void reject(String code, String detail, String keyId, String organizationId) {
        reject(code, detail);
        this.rejectedKeyId = keyId;
        this.rejectedKeyOrganizationId = organizationId;
    }

    String rejectedKeyId() {
        return rejectedKeyId;
    }

    String rejectedKeyOrganizationId() {
        return rejectedKeyOrganizationId;
    }

    String rejection() {
        return rejection;
    }

    String rejectionDetail() {
        return rejectionDetail;
    }

    @Override
    public void clear() {
        // the key is an immutable String; nothing to wipe
    }

    @Override
    public String toString() {
        return "ApiKeyCredential[<hidden>]";
    }
}

package io.latchkey.keys.boundary;

import io.latchkey.api.Unenveloped;
import io.latchkey.keys.control.KeyVerdict;
import java.util.List;

/**
 * An RFC 7662 introspection response: for a good key {@code active: true}, its scopes space-separated in
 * {@code scope}, the key's id as {@code client_id}, the owner's email ({@code username}) and id ({@code sub}),
 * {@code exp} and {@code iat} (of the current secret) in seconds since the epoch, {@code token_type}
 * {@code Bearer}; for anything else only {@code active: false}. {@code scopes}, an extension member (RFC 7662
 * allows them), holds the same scopes as an array: WildFly Elytron and Open Liberty make one role per value of an
 * array claim, but one role of a whole space-separated string.
 */
public record IntrospectionView(boolean active, String scope, List<String> scopes, String clientId, String username,
                                String sub, Long exp, Long iat, String tokenType) implements Unenveloped {

    static final IntrospectionView INACTIVE = new IntrospectionView(false, null, null, null, null, null, null, null, null);

    static IntrospectionView of(KeyVerdict verdict) {
        List<String> scopes = verdict.scopes().stream().sorted().toList();
        return new IntrospectionView(true, String.join(" ", scopes), scopes, verdict.keyId(),
                verdict.ownerEmail(), verdict.ownerId(), verdict.expiresAt().getEpochSecond(),
                verdict.issuedAt().getEpochSecond(), "Bearer");
    }
}

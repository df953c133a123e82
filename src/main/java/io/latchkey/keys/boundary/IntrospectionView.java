package io.latchkey.keys.boundary;

import io.latchkey.api.Unenveloped;
import io.latchkey.keys.control.KeyVerdict;

/**
 * An RFC 7662 introspection response: for a good key {@code active: true}, its scopes space-separated in
 * {@code scope}, the key's id as {@code client_id}, the owner's email ({@code username}) and id ({@code sub}),
 * {@code exp} and {@code iat} (of the current secret) in seconds since the epoch, {@code token_type}
 * {@code Bearer}; for anything else only {@code active: false}.
 */
public record IntrospectionView(boolean active, String scope, String clientId, String username, String sub,
                                Long exp, Long iat, String tokenType) implements Unenveloped {

    static final IntrospectionView INACTIVE = new IntrospectionView(false, null, null, null, null, null, null, null);

    static IntrospectionView of(KeyVerdict verdict) {
        return new IntrospectionView(true, String.join(" ", verdict.scopes().stream().sorted().toList()), verdict.keyId(),
                verdict.ownerEmail(), verdict.ownerId(), verdict.expiresAt().getEpochSecond(),
                verdict.issuedAt().getEpochSecond(), "Bearer");
    }
}

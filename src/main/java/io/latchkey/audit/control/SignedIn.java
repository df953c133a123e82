package io.latchkey.audit.control;

import java.time.Instant;

/**
 * A CDI event: a person started a console session. {@code method} is how they proved who they are
 * ({@code password}: Latchkey's own; {@code ldap}: the directory's; {@code oidc}: the provider's),
 * {@code provider} the provider's or directory's name (null for a Latchkey password).
 */
public record SignedIn(String organizationId, String userId, String method, String provider, String clientIp,
                       String userAgent, Instant at) {
}

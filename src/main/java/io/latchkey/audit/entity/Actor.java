package io.latchkey.audit.entity;

/**
 * Who did something, from where, and with which credential ({@code password}, {@code session} or
 * {@code api_key}, and then the key's id); all optional (a scan has no actor and no client).
 */
public record Actor(String userId, String clientIp, String userAgent, String authMethod, String viaKeyId) {

    public static final Actor SYSTEM = new Actor(null, null, null, null, null);
}

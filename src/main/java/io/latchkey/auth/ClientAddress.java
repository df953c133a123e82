package io.latchkey.auth;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The address of the client behind a request. {@code X-Forwarded-For} is believed only when the socket
 * peer is one of {@code latchkey.trusted-proxies} (exact addresses, comma-separated); then the client is
 * the right-most forwarded address that is not itself a trusted proxy. Otherwise a client could pick
 * its own address, and dodge the failed-authentication throttle.
 */
@ApplicationScoped
public class ClientAddress {

    @Inject
    @ConfigProperty(name = "latchkey.trusted-proxies")
    Optional<String> trustedProxies;

    private Set<String> trusted() {
        return Arrays.stream(trustedProxies.orElse("").split(",")).map(String::trim).filter(p -> !p.isEmpty())
                .collect(Collectors.toSet());
    }

    public String of(HttpServletRequest request) {
        String peer = request.getRemoteAddr();
        Set<String> trusted = trusted();
        String forwarded = request.getHeader("X-Forwarded-For");
        if (forwarded == null || !trusted.contains(peer)) {
            return peer;
        }
        String[] hops = forwarded.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].trim();
            if (!hop.isEmpty() && !trusted.contains(hop)) {
                return hop.length() > 45 ? hop.substring(0, 45) : hop;
            }
        }
        return peer;
    }
}

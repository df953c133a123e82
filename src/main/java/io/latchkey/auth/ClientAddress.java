package io.latchkey.auth;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;
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

    private static final Pattern IP_LITERAL = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}|[0-9A-Fa-f:.]{2,45}");

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
        if (!trusted.contains(peer)) {
            return peer;
        }
        // every X-Forwarded-For line, in order: some proxies append a line of their own
        List<String> hops = new ArrayList<>();
        for (String line : Collections.list(request.getHeaders("X-Forwarded-For"))) {
            for (String hop : line.split(",")) {
                hops.add(hop.trim());
            }
        }
        for (int i = hops.size() - 1; i >= 0; i--) {
            String hop = hops.get(i);
            if (!IP_LITERAL.matcher(hop).matches()) {
                return peer; // garbage where an address should be: believe nothing further out
            }
            if (!trusted.contains(hop)) {
                return hop;
            }
        }
        return peer;
    }
}

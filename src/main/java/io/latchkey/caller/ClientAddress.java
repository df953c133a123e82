package io.latchkey.caller;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.event.Startup;
import jakarta.enterprise.event.Observes;
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
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The address of the client behind a request. {@code X-Forwarded-For} is believed only when the socket
 * peer is one of {@code latchkey.trusted-proxies} (exact addresses, comma-separated); then the client is
 * the right-most forwarded address that is not itself a trusted proxy. Otherwise a client could pick
 * its own address, and dodge the failed-authentication throttle. {@code X-Forwarded-For} from any other
 * peer is ignored, with one warning per peer in the log: that is what a load balancer that is not
 * listed looks like.
 */
@ApplicationScoped
public class ClientAddress {

    private static final Pattern IP_LITERAL = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}|[0-9A-Fa-f:.]{2,45}");

    private static final Logger LOG = Logger.getLogger(ClientAddress.class.getName());

    /** Peers already warned about; bounded, so a flood of addresses cannot grow it. */
    private final Cache<String, Boolean> warnedPeers = Caffeine.newBuilder().maximumSize(10_000).build();

    @Inject
    @ConfigProperty(name = "latchkey.trusted-proxies")
    Optional<String> trustedProxies;

    private Set<String> trusted;

    @PostConstruct
    void readTrustedProxies() {
        trusted = Arrays.stream(trustedProxies.orElse("").split(",")).map(String::trim).filter(p -> !p.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    /** Reads its configuration at start-up (see {@link io.latchkey.platform}). */
    void atStartup(@Observes Startup startup) {
    }

    public String of(HttpServletRequest request) {
        String peer = request.getRemoteAddr();
        if (!trusted.contains(peer)) {
            if (request.getHeader("X-Forwarded-For") != null && warnedPeers.asMap().putIfAbsent(peer, Boolean.TRUE) == null) {
                LOG.warning(() -> "X-Forwarded-For arrived from " + peer + ", which is not a trusted proxy, and is ignored:"
                        + " if " + peer + " is your load balancer, every client behind it shares one address for the"
                        + " failed-authentication throttle and the audit trail; list it in LATCHKEY_TRUSTED_PROXIES."
                        + " (Logged once per peer.)");
            }
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

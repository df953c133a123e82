package io.latchkey.webhooks.control;

import io.latchkey.keys.entity.AllowedAddresses;
import io.latchkey.platform.Refusal;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Where webhooks may point (against server-side request forgery): {@code http} or {@code https} URLs without
 * user info, whose host resolves only to addresses that are not loopback, unspecified ({@code 0.0.0.0/8},
 * {@code ::}), link-local (which holds the usual cloud metadata address 169.254.169.254), multicast, or another
 * known metadata address ({@code fd00:ec2::254}, {@code 100.100.100.200}) — unless the operator lists the
 * address's network in {@code latchkey.webhook.allowed-networks} (CIDRs, comma-separated). Private networks are
 * allowed: an enterprise's receivers live there. Checked when a webhook is registered or changed, and again
 * before every attempt (a name may resolve elsewhere later).
 */
@ApplicationScoped
public class Targets {

    private static final Logger LOG = Logger.getLogger(Targets.class.getName());
    private static final Set<String> METADATA = Set.of("fd00:ec2:0:0:0:0:0:254", "100.100.100.200");

    @Inject
    @ConfigProperty(name = "latchkey.webhook.allowed-networks")
    Optional<String> allowedNetworks; // Optional<List<String>> is more than Payara's config producer can make

    private AllowedAddresses allowed = AllowedAddresses.any();

    void atStartup(@Observes Startup startup) {
    }

    @PostConstruct
    void read() {
        List<String> networks = Arrays.stream(allowedNetworks.orElse("").split(",")).map(String::strip)
                .filter(s -> !s.isEmpty()).toList();
        if (networks.isEmpty()) {
            return;
        }
        try {
            allowed = AllowedAddresses.parse(networks);
            LOG.info(() -> "Webhooks may also reach " + String.join(", ", allowed.wire()) + " (latchkey.webhook.allowed-networks)");
        } catch (Refusal e) {
            LOG.severe(() -> "latchkey.webhook.allowed-networks is not a list of networks (" + e.getMessage()
                    + "); webhooks reach public and private addresses only");
        }
    }

    /** Why webhooks may not point at {@code url}, if they may not. */
    public Optional<String> refusal(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (java.net.URISyntaxException e) {
            return Optional.of("is not a URL");
        }
        if (uri.getScheme() == null || !Set.of("http", "https").contains(uri.getScheme().toLowerCase())) {
            return Optional.of("must be an http or https URL");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            return Optional.of("must name a host");
        }
        if (uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            return Optional.of("must carry no user info and no fragment");
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(uri.getHost());
        } catch (UnknownHostException e) {
            return Optional.of("names a host that does not resolve");
        }
        return Arrays.stream(addresses).map(this::forbidden).flatMap(Optional::stream).findFirst()
                .map(kind -> "resolves to a " + kind + " address, which webhooks may not reach");
    }

    private Optional<String> forbidden(InetAddress address) {
        if (!allowed.isAny() && allowed.allows(address.getHostAddress())) {
            return Optional.empty();
        }
        byte[] bytes = address.getAddress();
        if (address.isLoopbackAddress()) {
            return Optional.of("loopback");
        }
        if (address.isAnyLocalAddress() || (bytes.length == 4 && bytes[0] == 0)) {
            return Optional.of("unspecified");
        }
        if (address.isLinkLocalAddress() || METADATA.contains(address.getHostAddress())) {
            return Optional.of("link-local or metadata");
        }
        if (address.isMulticastAddress()) {
            return Optional.of("multicast");
        }
        return Optional.empty();
    }
}

package io.latchkey.grid;

import com.hazelcast.cluster.Member;
import com.hazelcast.config.DiscoveryConfig;
import com.hazelcast.config.DiscoveryStrategyConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.crdt.pncounter.PNCounter;
import com.hazelcast.topic.ITopic;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/** The transport over Payara's Hazelcast data grid: one topic of text messages. Loaded only when that grid exists. */
final class HazelcastGrid implements GridTransport {

    private static final String PAYARA_DOMAIN_DISCOVERY = "fish.payara.nucleus.hazelcast.DomainDiscoveryStrategy";

    private final HazelcastInstance grid;
    private final ITopic<Object> topic;
    private final UUID registration;

    private HazelcastGrid(HazelcastInstance grid, ITopic<Object> topic, UUID registration) {
        this.grid = grid;
        this.topic = topic;
        this.registration = registration;
    }

    /** Listens for anything published on the topic: what is not a sealed text message is dropped by {@code receiver}. */
    static Optional<GridTransport> open(Object instance, String topicName, Consumer<Object> receiver) {
        HazelcastInstance grid = (HazelcastInstance) instance;
        if (!grid.getLifecycleService().isRunning()) {
            return Optional.empty();
        }
        ITopic<Object> topic = grid.getTopic(topicName);
        UUID registration = topic.addMessageListener(message -> receiver.accept(message.getMessageObject()));
        return Optional.of(new HazelcastGrid(grid, topic, registration));
    }

    @Override
    public String localMember() {
        return grid.getCluster().getLocalMember().getUuid().toString();
    }

    @Override
    public boolean running() {
        return grid.getLifecycleService().isRunning();
    }

    @Override
    public Set<String> members() {
        return grid.getCluster().getMembers().stream().map(Member::getUuid).map(UUID::toString)
                .collect(Collectors.toSet());
    }

    /**
     * How this grid joins, or may join, other members: every join its configuration enables, and the members
     * besides this one. Payara's domain discovery is left out: it finds only the instances of its own domain
     * (with Payara Micro's {@code --nocluster}, none), and any it finds show up as other members. Empty for a
     * grid of its own.
     */
    @Override
    public List<String> joins() {
        JoinConfig join = grid.getConfig().getNetworkConfig().getJoin();
        Map<String, Boolean> methods = new LinkedHashMap<>();
        methods.put("multicast", join.getMulticastConfig().isEnabled());
        methods.put("tcp-ip", join.getTcpIpConfig().isEnabled());
        methods.put("auto-detection", join.isAutoDetectionEnabled());
        methods.put("aws", join.getAwsConfig().isEnabled());
        methods.put("gcp", join.getGcpConfig().isEnabled());
        methods.put("azure", join.getAzureConfig().isEnabled());
        methods.put("kubernetes", join.getKubernetesConfig().isEnabled());
        methods.put("eureka", join.getEurekaConfig().isEnabled());
        DiscoveryConfig discovery = join.getDiscoveryConfig();
        methods.put("a discovery service", discovery.getDiscoveryServiceProvider() != null);
        for (DiscoveryStrategyConfig strategy : discovery.getDiscoveryStrategyConfigs()) {
            String name = strategy.getClassName() != null ? strategy.getClassName()
                    : String.valueOf(strategy.getDiscoveryStrategyFactory());
            methods.put("discovery by " + name, !PAYARA_DOMAIN_DISCOVERY.equals(name));
        }
        List<String> joins = new ArrayList<>();
        methods.forEach((method, enabled) -> {
            if (enabled) {
                joins.add(method);
            }
        });
        int others = grid.getCluster().getMembers().size() - 1;
        if (others > 0) {
            joins.add(others + " other member(s)");
        }
        return joins;
    }

    @Override
    public void publish(String message) {
        topic.publish(message);
    }

    @Override
    public SharedCounter counter(String name) {
        PNCounter counter = grid.getPNCounter(name);
        return new SharedCounter() {
            @Override
            public long addAndGet(long delta) {
                return counter.addAndGet(delta);
            }

            @Override
            public void destroy() {
                counter.destroy();
            }
        };
    }

    @Override
    public void close() {
        try {
            topic.removeMessageListener(registration);
        } catch (RuntimeException gridGone) {
            // the grid has shut down already; nothing is listening any more
        }
    }
}

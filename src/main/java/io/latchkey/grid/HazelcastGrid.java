package io.latchkey.grid;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.topic.ITopic;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/** The transport over Payara's Hazelcast data grid: one topic of text messages. Loaded only when that grid exists. */
final class HazelcastGrid implements GridTransport {

    private final HazelcastInstance grid;
    private final ITopic<String> topic;
    private final UUID registration;

    private HazelcastGrid(HazelcastInstance grid, ITopic<String> topic, UUID registration) {
        this.grid = grid;
        this.topic = topic;
        this.registration = registration;
    }

    static Optional<GridTransport> open(Object instance, String topicName, Consumer<String> receiver) {
        HazelcastInstance grid = (HazelcastInstance) instance;
        if (!grid.getLifecycleService().isRunning()) {
            return Optional.empty();
        }
        ITopic<String> topic = grid.getTopic(topicName);
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

    @Override
    public void publish(String message) {
        topic.publish(message);
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

package io.latchkey.grid;

import java.util.Optional;
import java.util.function.Consumer;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * Finds a cluster transport the server offers. Known: the Hazelcast data grid that Payara binds at JNDI
 * {@code payara/Hazelcast} when clustering is on. On any other server, or with clustering off, there is
 * none; nothing of Hazelcast is loaded then.
 */
final class Grids {

    private static final String HAZELCAST = "com.hazelcast.core.HazelcastInstance";

    private Grids() {
    }

    static Optional<GridTransport> open(String jndiName, String topic, Consumer<Object> receiver) {
        Object found;
        try {
            found = new InitialContext().lookup(jndiName);
        } catch (NamingException | RuntimeException absent) {
            return Optional.empty();
        }
        if (found == null || !implementsHazelcast(found.getClass())) {
            return Optional.empty();
        }
        return HazelcastGrid.open(found, topic, receiver);
    }

    private static boolean implementsHazelcast(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Class<?> implemented : c.getInterfaces()) {
                if (implemented.getName().equals(HAZELCAST) || implementsHazelcast(implemented)) {
                    return true;
                }
            }
        }
        return false;
    }
}

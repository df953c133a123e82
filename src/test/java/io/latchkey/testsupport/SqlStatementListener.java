package io.latchkey.testsupport;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.PersistenceException;
import jakarta.persistence.PersistenceUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.persistence.internal.databaseaccess.DatabaseCall;
import org.eclipse.persistence.sessions.Session;
import org.eclipse.persistence.sessions.SessionEvent;
import org.eclipse.persistence.sessions.SessionEventAdapter;

/**
 * Listens to every SQL call of the persistence unit. A CDI bean started with the application, not a
 * startup enterprise bean: fewer container rules, the same on every server.
 */
@ApplicationScoped
public class SqlStatementListener {

    @PersistenceUnit(unitName = "latchkey")
    EntityManagerFactory factory;

    void listen(@Observes Startup startup) {
        session(factory).getEventManager().addListener(new SessionEventAdapter() {
            @Override
            public void preExecuteCall(SessionEvent event) {
                String probe = SqlStatements.PROBE.get();
                if (probe != null) {
                    SqlStatements.COUNTS.computeIfAbsent(probe, name -> new AtomicInteger()).incrementAndGet();
                    if (event.getQuery() != null && event.getQuery().isModifyQuery()) {
                        SqlStatements.WRITES.computeIfAbsent(probe, name -> new AtomicInteger()).incrementAndGet();
                    }
                    if (event.getCall() instanceof DatabaseCall call) {
                        List<Object> parameters = new ArrayList<>();
                        for (Object parameter : call.getParameters()) {
                            parameters.add(Map.of("value", String.valueOf(parameter),
                                    "type", parameter == null ? "null" : parameter.getClass().getSimpleName()));
                        }
                        SqlStatements.TEXTS.computeIfAbsent(probe, name -> new CopyOnWriteArrayList<>())
                                .add(Map.of("sql", call.getSQLString(), "parameters", parameters));
                    }
                }
            }
        });
    }

    /**
     * EclipseLink's session. Some servers' factories pass {@code unwrap} on to EclipseLink's, which knows
     * {@code Session}; others (Open Liberty) unwrap only to the provider's own factory, which then does.
     */
    static Session session(EntityManagerFactory factory) {
        EntityManagerFactory provider = factory;
        try {
            provider = factory.unwrap(EntityManagerFactory.class);
        } catch (PersistenceException providerItself) {
            // EclipseLink's own factory unwraps to nothing as general as that
        }
        return provider.unwrap(Session.class);
    }
}

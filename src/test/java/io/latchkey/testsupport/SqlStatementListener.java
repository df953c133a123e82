package io.latchkey.testsupport;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.persistence.EntityManagerFactory;
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

/** Listens to every SQL call of the persistence unit. */
@Singleton
@Startup
public class SqlStatementListener {

    @PersistenceUnit(unitName = "latchkey")
    EntityManagerFactory factory;

    @PostConstruct
    void listen() {
        factory.unwrap(Session.class).getEventManager().addListener(new SessionEventAdapter() {
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
}

package io.latchkey.testsupport;

import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.PersistenceException;
import jakarta.persistence.PersistenceUnit;
import jakarta.servlet.ServletRequestEvent;
import jakarta.servlet.ServletRequestListener;
import jakarta.servlet.annotation.WebListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.persistence.internal.databaseaccess.DatabaseCall;
import org.eclipse.persistence.sessions.Session;
import org.eclipse.persistence.sessions.SessionEvent;
import org.eclipse.persistence.sessions.SessionEventAdapter;

/**
 * Test deployments only: counts the SQL statements EclipseLink sends while serving requests that carry
 * {@code X-Test-Sql-Probe: <name>}, per name, from the moment the request enters the web application
 * (before authentication), and how many of them write. {@code GET /api/v1/test-support/sql?probe=<name>}
 * tells the counts.
 */
public final class SqlStatements {

    static final String HEADER = "X-Test-Sql-Probe";
    private static final ThreadLocal<String> PROBE = new ThreadLocal<>();
    private static final Map<String, AtomicInteger> COUNTS = new ConcurrentHashMap<>();
    private static final Map<String, AtomicInteger> WRITES = new ConcurrentHashMap<>();
    private static final Map<String, List<Map<String, Object>>> TEXTS = new ConcurrentHashMap<>();

    private SqlStatements() {
    }

    /** Marks the request's thread with its probe name. */
    @WebListener
    public static class Marker implements ServletRequestListener {

        @Override
        public void requestInitialized(ServletRequestEvent event) {
            if (event.getServletRequest() instanceof HttpServletRequest request && request.getHeader(HEADER) != null) {
                PROBE.set(request.getHeader(HEADER));
                COUNTS.putIfAbsent(request.getHeader(HEADER), new AtomicInteger());
            }
        }

        @Override
        public void requestDestroyed(ServletRequestEvent event) {
            PROBE.remove();
        }
    }

    /**
     * Listens to every SQL call of the persistence unit. A CDI bean, not a startup EJB: an enterprise bean
     * must be a top-level class, which some servers enforce.
     */
    @ApplicationScoped
    public static class Listener {

        @PersistenceUnit(unitName = "latchkey")
        EntityManagerFactory factory;

        void listen(@Observes Startup startup) {
            session(factory).getEventManager().addListener(new SessionEventAdapter() {
                @Override
                public void preExecuteCall(SessionEvent event) {
                    String probe = PROBE.get();
                    if (probe != null) {
                        COUNTS.computeIfAbsent(probe, name -> new AtomicInteger()).incrementAndGet();
                        if (event.getQuery() != null && event.getQuery().isModifyQuery()) {
                            WRITES.computeIfAbsent(probe, name -> new AtomicInteger()).incrementAndGet();
                        }
                        if (event.getCall() instanceof DatabaseCall call) {
                            List<Object> parameters = new ArrayList<>();
                            for (Object parameter : call.getParameters()) {
                                parameters.add(Map.of("value", String.valueOf(parameter),
                                        "type", parameter == null ? "null" : parameter.getClass().getSimpleName()));
                            }
                            TEXTS.computeIfAbsent(probe, name -> new CopyOnWriteArrayList<>())
                                    .add(Map.of("sql", call.getSQLString(), "parameters", parameters));
                        }
                    }
                }
            });
        }
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

    @Path("test-support/sql")
    @RequestScoped
    @PermitAll
    public static class Resource {

        /** {@code {"statements": n, "writes": m}}, or 404 when no request with this probe name was seen. */
        /** The statements themselves, as EclipseLink sent them: {@code [{"sql", "parameters": [{value, type}]}]}. */
        @GET
        @Path("statements")
        @Produces(MediaType.APPLICATION_JSON)
        public List<Map<String, Object>> statements(@QueryParam("probe") String probe) {
            return TEXTS.getOrDefault(probe, List.of());
        }

        @GET
        @Produces(MediaType.APPLICATION_JSON)
        public Map<String, Integer> count(@QueryParam("probe") String probe) {
            AtomicInteger count = COUNTS.get(probe);
            if (count == null) {
                throw new jakarta.ws.rs.NotFoundException();
            }
            return Map.of("statements", count.get(), "writes", WRITES.getOrDefault(probe, new AtomicInteger()).get());
        }
    }
}

package io.latchkey.api;

import io.latchkey.api.RequestBodies.EmptyMeansDefaults;
import io.latchkey.problems.ProblemException;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PushbackInputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A request with no body at all, for a method that reads one into a record: no server hands such a request to
 * {@link RequestBodies} (there is nothing to read, often no {@code Content-Type}), and the method would get
 * null. So it is 400 {@code body_required} here, after authentication and authorization, like an empty JSON
 * body; for a record marked {@link EmptyMeansDefaults} (a regeneration's options) it reads as {@code {}}.
 */
@Provider
@Priority(Priorities.ENTITY_CODER)
public class AbsentBodies implements ContainerRequestFilter {

    /**
     * Each resource method's answer, found once: reading a method's parameter annotations parses them on every
     * call. Keyed by the application's own resource methods, so it holds no more entries than there are.
     */
    private static final Map<Method, Optional<Class<?>>> BODIES = new ConcurrentHashMap<>();

    @Context
    ResourceInfo resource;

    @Override
    public void filter(ContainerRequestContext request) throws IOException {
        Optional<Class<?>> body = recordBody();
        if (body.isEmpty()) {
            return;
        }
        PushbackInputStream in = new PushbackInputStream(request.getEntityStream());
        int first = in.read();
        if (first >= 0) {
            in.unread(first);
            request.setEntityStream(in);
            return;
        }
        if (!body.get().isAnnotationPresent(EmptyMeansDefaults.class)) {
            throw ProblemException.badRequest("body_required", "This request needs a JSON object body");
        }
        request.setEntityStream(new ByteArrayInputStream("{}".getBytes(StandardCharsets.UTF_8)));
        request.getHeaders().putSingle(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON);
        request.getHeaders().remove(HttpHeaders.CONTENT_LENGTH);
    }

    /** The resource method's entity parameter (the one without a JAX-RS annotation), when it is a record. */
    private Optional<Class<?>> recordBody() {
        Method method = resource.getResourceMethod();
        return method == null ? Optional.empty() : BODIES.computeIfAbsent(method, AbsentBodies::recordBodyOf);
    }

    private static Optional<Class<?>> recordBodyOf(Method method) {
        return Arrays.stream(method.getParameters())
                .filter(parameter -> parameter.getAnnotations().length == 0)
                .map(Parameter::getType)
                .filter(Class::isRecord)
                .<Class<?>>map(type -> type)
                .findFirst();
    }
}

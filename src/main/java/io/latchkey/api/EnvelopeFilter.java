package io.latchkey.api;

import io.latchkey.problems.RequestIds;
import io.latchkey.problems.Problem;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Wraps successful JSON results in the envelope and echoes the request id on every response. */
@Provider
public class EnvelopeFilter implements ContainerResponseFilter {

    @Context
    HttpServletRequest servletRequest;

    @Inject
    Clock clock;

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        String requestId = RequestIds.of(servletRequest);
        response.getHeaders().putSingle(RequestIds.HEADER, requestId);
        response.getHeaders().putSingle("X-Content-Type-Options", "nosniff");
        Object entity = response.getEntity();
        if (entity == null || entity instanceof Problem || entity instanceof Envelope || entity instanceof Unenveloped
                || !MediaType.APPLICATION_JSON_TYPE.isCompatible(response.getMediaType())) {
            return;
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        if (entity instanceof Page<?> page) {
            response.setEntity(new Envelope(requestId, now, page.items(), page.pagination()));
        } else {
            response.setEntity(new Envelope(requestId, now, entity, null));
        }
    }
}

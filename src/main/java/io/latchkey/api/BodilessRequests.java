package io.latchkey.api;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;
import java.util.Set;

/**
 * A {@code POST}, {@code PUT} or {@code PATCH} with no body and no {@code Content-Type}: Jersey matches it to a
 * JSON method, RESTEasy (WildFly) answers 415 before any filter sees it. Marked as JSON before matching, it
 * reaches {@link AbsentBodies} on every server, which answers 400 {@code body_required} or reads it as
 * {@code {}}. A request that has a body keeps whatever type it says (or 415).
 */
@Provider
@PreMatching
public class BodilessRequests implements ContainerRequestFilter {

    private static final Set<String> WITH_BODY = Set.of("POST", "PUT", "PATCH");

    @Override
    public void filter(ContainerRequestContext request) {
        if (WITH_BODY.contains(request.getMethod()) && request.getMediaType() == null && request.getLength() <= 0
                && request.getHeaderString("Transfer-Encoding") == null) {
            request.getHeaders().putSingle(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON);
        }
    }
}

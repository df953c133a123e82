package io.latchkey.bench.sample;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Set;

/**
 * A mechanism that lets every request in as a caller with the scope, checking nothing: deployed alone with
 * {@link BenchApp} ({@code orders-constant.war}), it shows what the container's own Jakarta Security work per request
 * costs, apart from the client JAR's. A class of its own: ShrinkWrap adds a class's nested classes with it.
 */
@ApplicationScoped
public class EveryoneIn implements HttpAuthenticationMechanism {

    private static final Set<String> GROUPS = Set.of("orders:read");

    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
                                                HttpMessageContext context) {
        return context.notifyContainerAboutLogin("bench", GROUPS);
    }
}

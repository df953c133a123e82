package io.latchkey.client;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** The client's refusals, as RFC 9457 problems with Latchkey's codes, so an integration reads them as it reads Latchkey's. */
final class Problems {

    private Problems() {
    }

    static JsonObject of(int status, String code, String detail) {
        return Json.createObjectBuilder().add("type", "about:blank").add("status", status).add("code", code)
                .add("detail", detail).build();
    }

    /**
     * Writes the problem and completes the exchange (the request's body read, the response closed): Undertow (WildFly)
     * sends its own error page for a failed authentication whose exchange is not complete.
     */
    static AuthenticationStatus send(HttpServletRequest request, HttpServletResponse response, int status, String code,
                                     String detail, String retryAfter) {
        response.setStatus(status);
        if (status == 401) {
            response.setHeader("WWW-Authenticate", "Bearer realm=\"latchkey\"");
        }
        if (retryAfter != null) {
            response.setHeader("Retry-After", retryAfter);
        }
        response.setContentType("application/problem+json");
        try {
            response.getOutputStream().write(of(status, code, detail).toString().getBytes(StandardCharsets.UTF_8));
            request.getInputStream().close();
            response.getOutputStream().close();
        } catch (IOException clientGone) {
            // Nothing to tell a client that went away.
        }
        return AuthenticationStatus.SEND_FAILURE;
    }
}

package io.latchkey.problems;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.Response;
import java.io.IOException;

/**
 * The one way a problem becomes a response, for the JAX-RS mappers ({@link #response}) and for code that
 * answers before or outside JAX-RS ({@link #write}: the authentication mechanism, container errors):
 * the status, {@code application/problem+json}, the request id, {@code nosniff} and the problem's own
 * headers, and the {@link Problem} body.
 */
public final class ProblemWriter {

    public static final String REQUEST_ID_HEADER = "X-Request-Id";

    /** Problems name their one two-word field explicitly ({@code request_id}), so the default mapping fits. */
    private static final Jsonb JSON = JsonbBuilder.create();

    private ProblemWriter() {
    }

    public static Response response(ProblemException problem, String requestId) {
        Response.ResponseBuilder response = Response.status(problem.status())
                .type(Problem.MEDIA_TYPE)
                .header(REQUEST_ID_HEADER, requestId)
                .header("X-Content-Type-Options", "nosniff")
                .entity(problem.toProblem(requestId));
        problem.headers().forEach(response::header);
        return response.build();
    }

    /**
     * Writes the problem into a servlet response that nothing has been written to yet. A response already
     * committed has its answer (the server may pass one on after a failure of its own): it is left alone.
     */
    public static void write(HttpServletResponse response, ProblemException problem, String requestId)
            throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        response.setStatus(problem.status());
        response.setContentType(Problem.MEDIA_TYPE);
        response.setCharacterEncoding("UTF-8");
        response.setHeader(REQUEST_ID_HEADER, requestId);
        response.setHeader("X-Content-Type-Options", "nosniff");
        problem.headers().forEach(response::setHeader);
        response.getWriter().write(JSON.toJson(problem.toProblem(requestId)));
    }
}

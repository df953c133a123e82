package io.latchkey.problems;

import io.latchkey.problems.RequestIds;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;

/**
 * The container never answers for the application. Two entries:
 * <ul>
 *   <li>{@code /api/*} outside the JAX-RS application (which has the more specific {@code /api/v1/*}):
 *       every method, known or not, is 404 {@code not_found}, instead of the default servlet's 404 page
 *       or its 501 for methods it does not know;</li>
 *   <li>{@code /console} exactly (the console's assets folder): otherwise the server answers a path that
 *       normalises to it with its own redirect page, before any filter runs;</li>
 *   <li>the web application's error page ({@code web.xml}): every error the container raises itself is
 *       answered as a problem under {@code /api/}, and as a plain page naming no server product
 *       elsewhere. A 5xx raised by the container is reported as such, with nothing of its cause.</li>
 * </ul>
 * Errors a server raises before it has chosen the web application (a request line it cannot decode)
 * are outside any application's reach; see src/site/markdown/security.md, "Hostile requests".
 */
@WebServlet(urlPatterns = {"/api/*", ContainerErrors.ERROR_PAGE, "/console"})
public class ContainerErrors extends HttpServlet {

    static final String ERROR_PAGE = "/container-error";

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (response.isCommitted()) {
            // the answer is out already (the authentication mechanism's, say, before the server failed after it)
            return;
        }
        Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        int code = status instanceof Integer value ? value : 404;
        String path = uri instanceof String value ? value : request.getRequestURI();
        ProblemException problem = problemFor(code, request.getMethod());
        if (path != null && path.startsWith(request.getContextPath() + "/api/")) {
            ProblemWriter.write(response, problem, RequestIds.of(request));
            return;
        }
        response.resetBuffer();
        response.setStatus(problem.status());
        response.setContentType("text/plain;charset=UTF-8");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.getWriter().write(problem.status() + " " + problem.toProblem(null).title() + "\n");
    }

    private static ProblemException problemFor(int status, String method) {
        return switch (status) {
            case 400 -> ProblemException.badRequest("bad_request", "The request could not be read");
            case 401 -> ProblemException.unauthorized("authentication_required",
                    "Authenticate with Authorization: Bearer <key>, X-API-Key: <key> or Basic credentials");
            case 403 -> ProblemException.forbidden("forbidden", "This is not served");
            case 405, 501 -> ProblemException.methodNotAllowed(method, Map.of());
            case 413 -> new ProblemException(413, "body_too_large", "Payload too large", "The request is too large");
            case 414 -> new ProblemException(414, "uri_too_long", "URI too long", "The request URI is too long");
            case 415 -> new ProblemException(415, "unsupported_media_type", "Unsupported media type",
                    "Send the request body as application/json");
            default -> status >= 500
                    ? new ProblemException(status, "internal_error", "Internal server error",
                            "Something went wrong on our side; quote the request id when reporting it")
                    : status >= 400 && status != 404
                    ? new ProblemException(status, "bad_request", "Bad request", "The request was refused")
                    : new ProblemException(404, "not_found", "Not found", "No such resource");
        };
    }
}

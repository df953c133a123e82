package io.latchkey.problems;

import io.latchkey.platform.Refusal;
import io.latchkey.problems.RequestIds;
import jakarta.json.bind.JsonbException;
import jakarta.persistence.OptimisticLockException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.transaction.TransactionalException;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Turns every exception that reaches JAX-RS into {@code application/problem+json}. */
@Provider
public class ProblemMappers implements ExceptionMapper<Throwable> {

    /**
     * Failures at commit reach JAX-RS as {@link TransactionalException}; some runtimes ship their own
     * mapper for it, which this more specific application mapper replaces.
     */
    @Provider
    public static class TransactionFailures implements ExceptionMapper<TransactionalException> {

        @Context
        HttpServletRequest request;

        @Override
        public Response toResponse(TransactionalException thrown) {
            ProblemMappers mappers = new ProblemMappers();
            mappers.request = request;
            return mappers.toResponse(thrown);
        }
    }

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class.getName());

    @Context
    HttpServletRequest request;

    @Override
    public Response toResponse(Throwable thrown) {
        ProblemException problem = translate(thrown);
        return ProblemWriter.response(problem, RequestIds.of(request));
    }

    private ProblemException translate(Throwable thrown) {
        Throwable cause = unwrap(thrown);
        if (cause instanceof ProblemException problem) {
            return problem;
        }
        if (cause instanceof Refusal refusal) {
            return ProblemException.of(refusal);
        }
        if (cause instanceof OptimisticLockException) {
            return ProblemException.conflict("concurrent_modification",
                    "The resource was changed by another request; read it again and retry");
        }
        if (cause instanceof JsonbException) {
            return ProblemException.badRequest("malformed_json", "The request body is not valid JSON");
        }
        if (cause instanceof NotFoundException) {
            return new ProblemException(404, "not_found", "Not found", "No such resource");
        }
        if (cause instanceof NotAuthorizedException) {
            // some JAX-RS runtimes enforce @RolesAllowed themselves before our own check runs
            return ProblemException.unauthorized("authentication_required",
                    "Authenticate with Authorization: Bearer <key>, X-API-Key: <key> or Basic credentials");
        }
        if (cause instanceof ForbiddenException) {
            return ProblemException.forbidden("insufficient_role", "Your roles do not allow this");
        }
        if (cause instanceof NotAllowedException) {
            return ProblemException.methodNotAllowed(request.getMethod(), Map.of());
        }
        if (cause instanceof NotSupportedException) {
            return new ProblemException(415, "unsupported_media_type", "Unsupported media type",
                    "Send the request body as application/json");
        }
        if (cause instanceof NotAcceptableException) {
            return new ProblemException(406, "not_acceptable", "Not acceptable", "Responses are application/json");
        }
        if (cause instanceof WebApplicationException web && web.getResponse().getStatus() < 500) {
            int status = web.getResponse().getStatus();
            return new ProblemException(status, "bad_request", "Bad request",
                    status == 400 ? "The request could not be read" : "The request was refused");
        }
        LOG.log(Level.SEVERE, "Unexpected failure, request " + RequestIds.of(request), thrown);
        return new ProblemException(500, "internal_error", "Internal server error",
                "Something went wrong on our side; quote the request id when reporting it");
    }

    /** Containers wrap application exceptions (EJB, transactions, CDI interceptors); find ours. */
    private static Throwable unwrap(Throwable thrown) {
        Throwable current = thrown;
        for (int depth = 0; current != null && depth < 10; depth++) {
            if (current instanceof ProblemException || current instanceof Refusal || current instanceof OptimisticLockException
                    || current instanceof WebApplicationException || current instanceof JsonbException) {
                return current;
            }
            current = current.getCause();
        }
        return thrown;
    }
}

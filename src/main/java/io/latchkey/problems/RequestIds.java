package io.latchkey.problems;

import jakarta.servlet.http.HttpServletRequest;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The id of the current request, fixed on first use so that the authentication mechanism, the resource
 * and the error mappers all report the same one.
 */
public final class RequestIds {

    public static final String HEADER = ProblemWriter.REQUEST_ID_HEADER;
    private static final String ATTRIBUTE = RequestIds.class.getName();
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,100}");

    private RequestIds() {
    }

    public static String of(HttpServletRequest request) {
        if (request == null) {
            return UUID.randomUUID().toString();
        }
        Object known = request.getAttribute(ATTRIBUTE);
        if (known instanceof String id) {
            return id;
        }
        String offered = request.getHeader(HEADER);
        String id = offered != null && SANE.matcher(offered).matches() ? offered : UUID.randomUUID().toString();
        request.setAttribute(ATTRIBUTE, id);
        return id;
    }
}

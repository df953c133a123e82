package io.latchkey.problems;

import io.latchkey.problems.RequestIds;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * A request under {@code /api/} must name its path in normal form: no {@code .} or {@code ..} segment
 * (also percent-encoded, also with a {@code ;} parameter), no encoded slash or backslash. Anything else
 * is 400 {@code path_not_normalized} before any servlet sees it, so that no server's normalisation
 * (which differ) can route an API request to a container page, a redirect or another resource.
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true)
public class NormalPaths extends HttpFilter {

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String raw = request.getRequestURI();
        String api = request.getContextPath() + "/api/";
        boolean underApi = raw != null && raw.startsWith(api)
                || request.getServletPath() != null && request.getServletPath().startsWith("/api/");
        if (underApi && !normal(raw.substring(request.getContextPath().length()))) {
            ProblemWriter.write(response, ProblemException.badRequest("path_not_normalized",
                    "Send the path in normal form: no '.' or '..' segments and no encoded slashes"),
                    RequestIds.of(request));
            return;
        }
        chain.doFilter(request, response);
    }

    static boolean normal(String path) {
        for (String segment : path.split("/", -1)) {
            String name = segment.split(";", 2)[0];
            String decoded = name;
            for (int round = 0; round < 3 && decoded.contains("%"); round++) {
                try {
                    decoded = URLDecoder.decode(decoded.replace("+", "%2B"), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException malformed) {
                    return false;
                }
            }
            if (decoded.equals(".") || decoded.equals("..") || decoded.contains("/") || decoded.contains("\\")) {
                return false;
            }
        }
        return true;
    }
}

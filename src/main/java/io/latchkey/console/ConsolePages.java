package io.latchkey.console;

import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Serves the console's page shell at each console address, with the context path as the page's base so
 * that its relative links and API calls work under any context root. Strict headers: the page loads
 * only its own scripts and styles and cannot be framed.
 */
@WebServlet(urlPatterns = {"", "/signin", "/keys", "/keys/*", "/users"})
public class ConsolePages extends HttpServlet {

    private String shell;

    @Override
    public void init() throws ServletException {
        try (InputStream in = getServletContext().getResourceAsStream("/WEB-INF/console.html")) {
            if (in == null) {
                throw new ServletException("WEB-INF/console.html is missing from the WAR");
            }
            shell = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ServletException(e);
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/html;charset=UTF-8");
        response.setHeader("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self';"
                + " img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("Cache-Control", "no-cache");
        String base = request.getContextPath() + "/";
        response.getWriter().write(shell.replace("{{base}}", base.replace("\"", "")));
    }
}

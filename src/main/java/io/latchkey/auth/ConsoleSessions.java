package io.latchkey.auth;

import io.latchkey.grid.GridSecret;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.util.LinkedHashMap;
import java.util.Map;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * What a console session holds: the signed-in user's id, a fingerprint of their password, the time it
 * started and the session's CSRF token, nothing else (no roles: they are read from the database on every
 * request). A session ends after 30 idle minutes (the container) or after
 * {@code latchkey.console.session-max-age} (default 12 hours) whatever its activity. Requests that change anything with
 * the session cookie must echo the token in {@code X-CSRF-Token}; API-key and Basic callers never
 * carry the cookie and are not affected.
 * <p>
 * Where sessions are replicated (a distributable WAR on a cluster: Payara's data grid), any member of
 * the grid could write one. So the attributes are sealed with the grid secret ({@link GridSecret}) when
 * the session starts, and a session whose seal does not match is no session: forging one for any user
 * takes the secret. Without a configured secret the seal holds on the instance that made it only.
 */
public final class ConsoleSessions {

    public static final String CSRF_HEADER = "X-CSRF-Token";
    static final String USER = "latchkey.session.user";
    static final String CSRF = "latchkey.session.csrf";
    static final String STAMP = "latchkey.session.password";
    static final String STARTED = "latchkey.session.started";
    static final String SEAL = "latchkey.session.seal";
    private static final SecureRandom RANDOM = new SecureRandom();

    private ConsoleSessions() {
    }

    /** Starts a session for the user, under a new session id (no fixation); returns its CSRF token. */
    static String start(HttpServletRequest request, HttpServletResponse response, String userId, String passwordStamp,
                        Instant now, GridSecret secret) {
        HttpSession existing = request.getSession(false);
        HttpSession session = existing == null ? request.getSession(true) : existing;
        if (existing != null) {
            request.changeSessionId();
        }
        sameSiteStrict(response);
        byte[] token = new byte[32];
        RANDOM.nextBytes(token);
        String csrf = Base64.getUrlEncoder().withoutPadding().encodeToString(token);
        session.setAttribute(USER, userId);
        session.setAttribute(STAMP, passwordStamp);
        session.setAttribute(CSRF, csrf);
        session.setAttribute(STARTED, now.toEpochMilli());
        session.setAttribute(SEAL, secret.seal(sealed(session)));
        return csrf;
    }

    /**
     * Marks the session cookie just issued SameSite=Strict. The descriptor and {@code SessionCookieConfig}
     * say so too, but not every server honours them yet; this works on all, before the response is sent.
     */
    private static void sameSiteStrict(HttpServletResponse response) {
        Map<String, String> byName = new LinkedHashMap<>();
        for (String cookie : response.getHeaders("Set-Cookie")) {
            byName.put(cookie.split("=", 2)[0].trim(), cookie); // a later cookie of the same name replaces an earlier one
        }
        if (byName.values().stream().allMatch(c -> c.contains("SameSite"))) {
            return;
        }
        boolean first = true;
        for (String cookie : byName.values()) {
            String strict = cookie.contains("SameSite") ? cookie : cookie + "; SameSite=Strict";
            if (first) {
                response.setHeader("Set-Cookie", strict);
                first = false;
            } else {
                response.addHeader("Set-Cookie", strict);
            }
        }
    }

    /**
     * The session's user and password fingerprint, if the request carries a console session sealed by an
     * instance of this installation; a session with a broken or missing seal is ended.
     */
    static Optional<SessionCredential> credentialOf(HttpServletRequest request, GridSecret secret) {
        HttpSession session = request.getSession(false);
        if (session == null || session.getAttribute(USER) == null) {
            return Optional.empty();
        }
        if (!secret.verify(sealed(session), session.getAttribute(SEAL))) {
            session.invalidate();
            return Optional.empty();
        }
        return Optional.of(new SessionCredential((String) session.getAttribute(USER), (String) session.getAttribute(STAMP)));
    }

    /** What the seal covers: every attribute that decides who the session is and what it may do. */
    private static String sealed(HttpSession session) {
        return String.join("\n", "console-session", String.valueOf(session.getAttribute(USER)),
                String.valueOf(session.getAttribute(STAMP)), String.valueOf(session.getAttribute(STARTED)),
                String.valueOf(session.getAttribute(CSRF)));
    }

    /** Whether the session was started more than {@code maxAge} ago (its absolute lifetime, whatever its activity). */
    static boolean olderThan(HttpServletRequest request, Duration maxAge, Instant now) {
        HttpSession session = request.getSession(false);
        Object started = session == null ? null : session.getAttribute(STARTED);
        return !(started instanceof Long millis) || Instant.ofEpochMilli(millis).plus(maxAge).isBefore(now);
    }

    /** The CSRF token of the current session, for the console to send back. */
    public static Optional<String> csrfToken(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        return session == null ? Optional.empty() : Optional.ofNullable((String) session.getAttribute(CSRF));
    }

    static boolean csrfMatches(HttpServletRequest request) {
        String expected = csrfToken(request).orElse(null);
        String presented = request.getHeader(CSRF_HEADER);
        return expected != null && presented != null
                && java.security.MessageDigest.isEqual(expected.getBytes(), presented.getBytes());
    }

    public static void end(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
    }
}

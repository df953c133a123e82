/**
 * The web console: the API keys page (and, for admins, the users page) in a browser, served by the
 * same WAR and talking to the same {@code /api/v1} endpoints.
 *
 * <p>People sign in with email and password through {@code POST /api/v1/session}, which hands the
 * credential to the container ({@code SecurityContext.authenticate}); the one authentication
 * mechanism checks it with the same identity store as Basic, under the same throttle, and starts a
 * session. The session cookie is HttpOnly and SameSite=Strict, and every change made with it must
 * carry the session's CSRF token in {@code X-CSRF-Token} (see {@code io.latchkey.auth.ConsoleSessions}).
 * The user behind a session is re-read on every request: deactivation or a role change applies at once.
 *
 * <p>The pages are plain HTML, CSS and JavaScript under {@code src/main/webapp/console}, no build step.
 * {@link io.latchkey.console.ConsolePages} serves the page shell for the console's addresses
 * ({@code /}, {@code /signin}, {@code /keys}, {@code /keys/<id>}, {@code /users}) with the context path
 * as its base, so the WAR works under any context root.
 */
package io.latchkey.console;

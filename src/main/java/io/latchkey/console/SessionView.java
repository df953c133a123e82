package io.latchkey.console;

/** What the console needs to make changes: the token to echo in {@code X-CSRF-Token}. */
public record SessionView(String csrfToken) {
}

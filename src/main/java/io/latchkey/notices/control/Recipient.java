package io.latchkey.notices.control;

/** Someone a mail goes to. */
public record Recipient(String email, String name) {
}

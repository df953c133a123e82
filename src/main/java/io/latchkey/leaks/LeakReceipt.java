package io.latchkey.leaks;

/** The answer to every accepted report: how many items arrived, never how many matched. */
public record LeakReceipt(int received) {
}

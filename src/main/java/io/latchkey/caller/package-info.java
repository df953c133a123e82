/**
 * Who is calling: the {@link io.latchkey.caller.Caller} the authentication mechanism established for this
 * request, and the client's address ({@link io.latchkey.caller.ClientAddress}, with the trusted-proxy
 * rules). Every boundary needs these; they live apart from {@code auth} so that features depend on
 * knowing the caller without depending on how the caller was authenticated (which depends on them).
 */
package io.latchkey.caller;

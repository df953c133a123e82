package io.latchkey.console;

import jakarta.json.bind.annotation.JsonbNillable;
import java.util.List;

/**
 * How people can sign in to the console, for the sign-in page: {@code passwords} is {@code all} or
 * {@code break-glass}; each provider has its name, where to start, and, when it cannot be used now, why;
 * the directory likewise.
 */
public record SignInMethodsView(String passwords, List<Provider> providers, @JsonbNillable Directory directory) {

    /** An OpenID Connect provider; {@code problem} null when it can be used. */
    public record Provider(String name, String start, @JsonbNillable String problem) {
    }

    /** The LDAP directory that checks passwords; {@code problem} null when it is configured well. */
    public record Directory(String name, @JsonbNillable String problem) {
    }
}

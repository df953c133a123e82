package io.latchkey.identity.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.latchkey.platform.Refusal;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * A provider or directory that is misconfigured or cannot be reached: what the sign-in page is told, and
 * that sign-ins through it are refused with a 4xx-kind refusal, never an exception of the server's.
 */
class MisconfigurationTest {

    private static OidcProvider provider(String issuer, String clientId, String secret, String roleMap) {
        OidcProvider provider = new OidcProvider();
        provider.issuer = Optional.ofNullable(issuer);
        provider.clientId = Optional.ofNullable(clientId);
        provider.clientSecret = Optional.ofNullable(secret);
        provider.name = Optional.of("Corp SSO");
        provider.rolesClaim = "groups";
        provider.scopes = "openid email";
        provider.roleMapSetting = Optional.ofNullable(roleMap);
        provider.clock = Clock.systemUTC();
        provider.configure();
        return provider;
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @ParameterizedTest(name = "{4}")
    @CsvSource(delimiter = ';', value = {
            "ftp://sso.example;latchkey;secret;;must be an http(s) URL",
            "https://sso.example;;secret;;LATCHKEY_OIDC_CLIENT_ID is not set",
            "https://sso.example;latchkey;;;LATCHKEY_OIDC_CLIENT_SECRET is not set",
            "https://sso.example;latchkey;secret;admins=operator;is not a role a group may give",
            "https://sso example;latchkey;secret;;is not a URL"})
    void aMisconfiguredProviderIsNamedAndOff(String issuer, String clientId, String secret, String roleMap, String says) {
        OidcProvider provider = provider(issuer, clientId, secret, roleMap);
        assertTrue(provider.isConfigured());
        String problem = provider.problem().orElseThrow();
        assertTrue(problem.contains("misconfigured") && problem.contains(says), problem);
        Refusal refused = assertThrows(Refusal.class, () -> provider.authorize(URI.create("https://latchkey.example/cb")));
        assertEquals("oidc_not_configured", refused.code());
    }

    @Test
    void anUnreachableProviderIsNamedAndSignInsWait() throws IOException {
        OidcProvider provider = provider("http://127.0.0.1:" + closedPort() + "/realms/corp", "latchkey", "secret", "a=admin");
        String problem = provider.problem().orElseThrow();
        assertTrue(problem.contains("could not be reached"), problem);
        Refusal refused = assertThrows(Refusal.class, () -> provider.authorize(URI.create("https://latchkey.example/cb")));
        assertEquals("oidc_provider_unavailable", refused.code());
        assertEquals(Refusal.Kind.BUSY, refused.kind());
    }

    @Test
    void noIssuerMeansNoProvider() {
        OidcProvider provider = provider(null, null, null, null);
        assertFalse(provider.isConfigured());
    }

    private static Directory directory(String url, String base, String filter, String roleMap) {
        return directory(url, base, filter, roleMap, "entryUUID");
    }

    static Directory directory(String url, String base, String filter, String roleMap, String idAttribute) {
        Directory directory = new Directory();
        directory.idAttribute = idAttribute;
        directory.url = Optional.ofNullable(url);
        directory.name = "Corp LDAP";
        directory.bindDn = Optional.empty();
        directory.bindPassword = Optional.empty();
        directory.userBase = Optional.ofNullable(base);
        directory.userFilter = filter;
        directory.emailAttribute = "mail";
        directory.nameAttribute = "cn";
        directory.groupBase = Optional.empty();
        directory.groupFilter = "(member={0})";
        directory.groupNameAttribute = "cn";
        directory.roleMapSetting = Optional.ofNullable(roleMap);
        directory.sharedRoleMap = Optional.empty();
        directory.configure();
        return directory;
    }

    @ParameterizedTest(name = "{3}")
    @CsvSource(delimiter = ';', value = {
            "http://ldap.example;ou=people;(mail={0});must be an ldap:// or ldaps:// URL;",
            "ldap://ldap.example;;(mail={0});LATCHKEY_LDAP_USER_SEARCH_BASE is not set;",
            "ldap://ldap.example;ou=people;(mail=*);must contain {0};entryUUID",
            "ldap://ldap.example;ou=people;(mail={0});LATCHKEY_LDAP_ID_ATTRIBUTE must be an attribute name;entry UUID)(x=*"})
    void aMisconfiguredDirectoryIsNamedAndOff(String url, String base, String filter, String says, String idAttribute)
            throws Exception {
        Directory directory = directory(url, base, filter, null, idAttribute == null ? "entryUUID" : idAttribute);
        assertTrue(directory.isConfigured());
        assertFalse(directory.isUsable());
        assertTrue(directory.misconfiguration().orElseThrow().contains(says), directory.misconfiguration().get());
        assertTrue(directory.authenticate("someone@example.com", "a-password-12").isEmpty());
    }

    @Test
    void anUnreachableDirectoryIsUnavailableNotAWrongPassword() throws IOException {
        Directory directory = directory("ldap://127.0.0.1:" + closedPort(), "ou=people", "(mail={0})", null);
        assertTrue(directory.isUsable());
        Directory.Unavailable down = assertThrows(Directory.Unavailable.class,
                () -> directory.authenticate("someone@example.com", "a-password-12"));
        assertTrue(down.getMessage().contains("could not be reached"), down.getMessage());
        assertThrows(Directory.Unavailable.class, () -> directory.lookUp(java.util.Map.of("an-entry-uuid", "someone@example.com")));
    }
}

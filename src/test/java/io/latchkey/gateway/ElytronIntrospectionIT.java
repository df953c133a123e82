package io.latchkey.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.latchkey.gateway.elytron.OrdersApp;
import io.latchkey.testsupport.Api;
import io.latchkey.testsupport.Api.Auth;
import io.latchkey.testsupport.DeployedLatchkey;
import io.latchkey.testsupport.JbossCli;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * A real consumer of Latchkey's RFC 7662 introspection: WildFly's Elytron {@code token-realm} with
 * {@code oauth2-introspection} protects a small JAX-RS application ({@link OrdersApp}) deployed beside Latchkey
 * on the same WildFly, its {@code @RolesAllowed} roles taken from the key's scopes. Runs on the WildFly profile
 * (it configures that server through its management CLI); skipped on the others.
 */
class ElytronIntrospectionIT extends DeployedLatchkey {

    private static final String PASSWORD = "elytron-password-1";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @Test
    void elytronLetsAKeyInByItsScopesAndRefusesItOnceRevoked() throws Exception {
        String wildfly = System.getProperty("latchkey.wildflyHome");
        assumeTrue(wildfly != null, "WildFly profile only");
        String adminEmail = Api.uniqueEmail("elytron-admin");
        api.createOrganization("Elytron " + UUID.randomUUID().toString().substring(0, 6), adminEmail, PASSWORD);
        Auth admin = Auth.basic(adminEmail, PASSWORD);
        assertEquals(201, api.post("services", admin, "{\"name\":\"orders\",\"scopes\":[{\"name\":\"orders:read\"},"
                + "{\"name\":\"orders:write\",\"writes\":true}]}").status());
        String verifier = api.createUser(admin, Api.uniqueEmail("elytron"), PASSWORD, "verifier");
        JsonObject client = api.createKey(admin, "{\"description\":\"elytron\",\"access\":\"read_only\",\"owner_id\":\""
                + verifier + "\"}");
        configureElytron(Path.of(wildfly), client.getString("id"), client.getString("api_key"));
        URI orders = URI.create("http://127.0.0.1:" + url.getPort() + "/latchkey-orders/api/orders");

        JsonObject writer = api.createKey(admin, "{\"description\":\"shop\",\"access\":\"read_write\","
                + "\"scopes\":[\"orders:read\",\"orders:write\"]}");
        JsonObject reader = api.createKey(admin, "{\"description\":\"report\",\"access\":\"read_only\",\"scopes\":[\"orders:read\"]}");
        assertEquals(200, call("POST", orders, writer).statusCode(), "a key with the scope");
        assertEquals(200, call("GET", orders, reader).statusCode());
        assertEquals(403, call("POST", orders, reader).statusCode(), "a key without the scope");
        assertEquals(401, call("GET", orders, null).statusCode(), "no key");
        assertEquals(200, api.delete("keys/" + writer.getString("id"), admin).status());
        assertEquals(401, call("POST", orders, writer).statusCode(), "revoked: refused on the very next request");
    }

    private static HttpResponse<String> call(String method, URI uri, JsonObject key) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (key != null) {
            request.header("Authorization", "Bearer " + key.getString("api_key"));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * The recipe of src/site/markdown/guarding-services.md ("Introspection"): a token realm asking Latchkey, the
     * {@code scopes} claim as roles, BEARER_TOKEN for the application's security domain; then the application.
     */
    private void configureElytron(Path wildfly, String clientId, String clientSecret) throws Exception {
        Path dir = Files.createDirectories(Path.of("target/it/elytron"));
        Path war = dir.resolve("latchkey-orders.war");
        ShrinkWrap.create(WebArchive.class, "latchkey-orders.war")
                .addClasses(OrdersApp.class, OrdersApp.Orders.class)
                .setWebXML(new org.jboss.shrinkwrap.api.asset.StringAsset("""
                        <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
                            <context-param>
                                <param-name>resteasy.role.based.security</param-name>
                                <param-value>true</param-value>
                            </context-param>
                            <security-constraint>
                                <web-resource-collection>
                                    <web-resource-name>api</web-resource-name>
                                    <url-pattern>/api/*</url-pattern>
                                </web-resource-collection>
                                <auth-constraint><role-name>**</role-name></auth-constraint>
                            </security-constraint>
                            <login-config>
                                <auth-method>BEARER_TOKEN</auth-method>
                                <realm-name>latchkey</realm-name>
                            </login-config>
                        </web-app>
                        """))
                .addAsWebInfResource(new org.jboss.shrinkwrap.api.asset.StringAsset(
                        "<jboss-web><security-domain>latchkey-orders</security-domain></jboss-web>"), "jboss-web.xml")
                .as(ZipExporter.class).exportTo(war.toFile(), true);
        Path cli = dir.resolve("elytron.cli");
        Files.writeString(cli, String.join("\n", List.of(
                "/subsystem=elytron/token-realm=latchkey:add(principal-claim=username, oauth2-introspection={client-id=\""
                        + clientId + "\", client-secret=\"" + clientSecret + "\", introspection-url=\""
                        + api.base().resolve("introspect") + "\"})",
                "/subsystem=elytron/simple-role-decoder=latchkey-scopes:add(attribute=scopes)",
                "/subsystem=elytron/security-domain=latchkey-orders:add(realms=[{realm=latchkey, role-decoder=latchkey-scopes}],"
                        + " default-realm=latchkey, permission-mapper=default-permission-mapper)",
                "/subsystem=elytron/http-authentication-factory=latchkey-bearer:add(security-domain=latchkey-orders,"
                        + " http-server-mechanism-factory=global, mechanism-configurations=[{mechanism-name=BEARER_TOKEN,"
                        + " mechanism-realm-configurations=[{realm-name=latchkey}]}])",
                "/subsystem=undertow/application-security-domain=latchkey-orders:add(http-authentication-factory=latchkey-bearer)",
                "deploy " + war.toAbsolutePath() + " --force", "")), StandardCharsets.UTF_8);
        JbossCli.run(wildfly, dir, "--file=" + cli.toAbsolutePath());
    }
}

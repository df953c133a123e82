package io.latchkey.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.latchkey.testsupport.Api;
import io.latchkey.testsupport.DeployedLatchkey;
import io.latchkey.testsupport.Api.Auth;
import io.latchkey.testsupport.Api.Reply;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.support.ui.Select;

/** The web console in a real (headless) Chromium: what a person does on the API keys and users pages. */
class ConsoleIT extends DeployedLatchkey {

    private static final String PASSWORD = "console-password-1";
    private static Browser browser;

    String console;

    @BeforeAll
    static void startBrowser() throws Exception {
        browser = new Browser();
    }

    @AfterAll
    static void stopBrowser() throws Exception {
        if (browser != null) {
            browser.close();
        }
    }

    @BeforeEach
    void setUp() {
        console = api.base().resolve("../../").toString();
        browser.driver.manage().deleteAllCookies();
    }

    /** Signs in on the sign-in page shown now; waits for the API keys page. */
    private void signIn(String email, String password) {
        browser.type("Email", email);
        browser.type("Password", password);
        browser.click("Sign in");
        browser.heading("API keys");
    }

    private void openUsers() {
        browser.driver.findElement(org.openqa.selenium.By.linkText("Users")).click();
        browser.heading("Users");
    }

    private String signInAsNewAdmin() {
        String email = Api.uniqueEmail("console-admin");
        api.createOrganization("Console " + UUID.randomUUID().toString().substring(0, 6), email, PASSWORD);
        browser.open(console + "keys");
        browser.heading("Sign in to Latchkey");
        signIn(email, PASSWORD);
        return email;
    }

    @Test
    void aPersonManagesAKeyFromCreationToRevocation() throws Exception {
        String email = signInAsNewAdmin();
        browser.awaitText("No API keys yet");

        browser.click("Create API key");
        browser.heading("Create API key");
        browser.type("Description", "Browser deploy bot");
        browser.field("Read and write").click();
        browser.field("30 days").click();
        browser.click("Create key");
        browser.heading("Your new API key");
        browser.awaitText("It will not be shown again");
        String key = browser.field("API key").getAttribute("value");
        assertTrue(key.matches("lk_[0-9A-Za-z]{38}"), key);
        browser.driver.executeScript("window.createdUrls = []; window.revokedUrls = [];"
                + "const create = URL.createObjectURL, revoke = URL.revokeObjectURL;"
                + "URL.createObjectURL = b => { const u = create(b); window.createdUrls.push(u); return u; };"
                + "URL.revokeObjectURL = u => { window.revokedUrls.push(u); revoke(u); };");
        browser.click("Download .txt");
        browser.wait.until(d -> Boolean.TRUE.equals(browser.driver.executeScript(
                "return window.createdUrls.length === 1 && window.revokedUrls.length === 1"
                        + " && window.createdUrls[0] === window.revokedUrls[0];")));
        browser.click("Done");
        browser.awaitRows("API keys", rows -> rows.size() == 1 && rows.get(0).get(1).equals("Browser deploy bot"));
        List<String> row = browser.rows("API keys").get(0);
        assertEquals("lk_****************" + key.substring(key.length() - 4), row.get(0));
        assertEquals("Read & write", row.get(2));
        assertEquals("--", row.get(3));
        assertEquals("Active", row.get(6));
        assertEquals(email, row.get(7));

        Reply me = api.get("me", Auth.bearer(key));
        assertEquals(200, me.status(), "the key from the show-once panel works");

        browser.click("Create API key");
        browser.type("Description", "Other integration");
        browser.click("Create key");
        browser.heading("Your new API key");
        browser.click("Done");
        browser.awaitRows("API keys", rows -> rows.size() == 2);
        browser.type("Search keys", "deploy");
        browser.awaitRows("API keys", rows -> rows.size() == 1 && rows.get(0).get(1).equals("Browser deploy bot"));

        browser.click("Actions for Browser deploy bot");
        browser.menuItem("Edit").click();
        browser.heading("Edit API key");
        browser.awaitText("The key value does not change");
        browser.field("Read-only").click();
        browser.type("Allowed networks (optional, CIDR)", "127.0.0.1, 203.0.113.9/24");
        browser.click("Save");
        browser.awaitRows("API keys", rows -> rows.size() == 1 && rows.get(0).get(2).equals("Read-only")
                && rows.get(0).get(1).contains("only from 127.0.0.1/32, 203.0.113.0/24"));
        assertEquals("address_not_allowed", api.getFrom("198.51.100.7", "me", Auth.bearer(key)).code(),
                "the networks set in the console are enforced");
        Reply write = api.post("keys", Auth.bearer(key), "{\"description\":\"should fail\"}");
        assertEquals(403, write.status());
        assertEquals("read_only_key", write.code());

        browser.click("Actions for Browser deploy bot");
        browser.menuItem("Regenerate").click();
        browser.heading("Regenerate API key?");
        browser.click("Regenerate key");
        browser.heading("Your regenerated API key");
        String regenerated = browser.field("API key").getAttribute("value");
        assertNotEquals(key, regenerated);
        browser.click("Done");
        assertEquals(401, api.get("me", Auth.bearer(key)).status());
        assertEquals(200, api.get("me", Auth.bearer(regenerated)).status());

        browser.click("Actions for Browser deploy bot");
        browser.menuItem("Regenerate").click();
        browser.heading("Regenerate API key?");
        new Select(browser.field("Keep the old key working for")).selectByVisibleText("1 day");
        browser.click("Regenerate key");
        browser.heading("Your regenerated API key");
        String overlapped = browser.field("API key").getAttribute("value");
        browser.click("Done");
        assertEquals(200, api.get("me", Auth.bearer(regenerated)).status(), "the old key works during the overlap");
        assertEquals(200, api.get("me", Auth.bearer(overlapped)).status());
        browser.awaitRows("API keys", rows -> rows.size() == 1 && rows.get(0).get(0).contains("old key works until"));

        browser.click("Actions for Browser deploy bot");
        browser.menuItem("Revoke").click();
        browser.heading("Revoke API key?");
        browser.awaitText("will start failing immediately");
        browser.click("Revoke key");
        browser.awaitRows("API keys", rows -> rows.size() == 1 && rows.get(0).get(6).equals("Revoked"));
        Reply revoked = api.get("me", Auth.bearer(overlapped));
        assertEquals(401, revoked.status());
        assertEquals("key_revoked", revoked.code());
        assertEquals(401, api.get("me", Auth.bearer(regenerated)).status(), "revoking ends the overlap too");

        browser.field("Search keys").clear();
        browser.type("Search keys", " ");
        browser.awaitRows("API keys", rows -> rows.size() == 2);
        browser.screenshot(Path.of(System.getProperty("latchkey.screenshots", "target/screenshots"), "console-keys.png"));
    }

    @Test
    void scopesAreChosenWhenAKeyIsMadeShownInTheListAndChangedByAnEdit() {
        String email = signInAsNewAdmin();
        Auth admin = Auth.basic(email, PASSWORD);
        assertEquals(201, api.post("services", admin, "{\"name\":\"orders\",\"scopes\":[{\"name\":\"orders:read\","
                + "\"description\":\"Read orders\"},{\"name\":\"orders:write\",\"writes\":true}]}").status());
        browser.click("Create API key");
        browser.heading("Create API key");
        browser.type("Description", "Shop frontend");
        browser.field("Read-only").click();
        browser.awaitText("Read orders");
        assertFalse(browser.field("orders:write").isEnabled(), "a read-only key is not offered a scope that writes");
        browser.field("Read and write").click();
        browser.field("orders:read").click();
        browser.field("orders:write").click();
        browser.click("Create key");
        browser.heading("Your new API key");
        String key = browser.field("API key").getAttribute("value");
        browser.click("Done");
        browser.awaitRows("API keys", rows -> rows.size() == 1 && rows.get(0).get(2).equals("Read & write for orders:read, orders:write"));
        assertEquals(200, api.send("GET", "auth/forward?scope=orders:write", Auth.bearer(key), null, null,
                "X-Forwarded-Method", "POST").status(), "the scopes chosen in the console are the key's");

        browser.click("Actions for Shop frontend");
        browser.menuItem("Edit").click();
        browser.heading("Edit API key");
        browser.awaitText("Read orders");
        assertTrue(browser.field("orders:write").isSelected());
        browser.field("orders:write").click();
        browser.click("Save");
        browser.awaitRows("API keys", rows -> rows.size() == 1 && rows.get(0).get(2).equals("Read & write for orders:read"));
        Reply refused = api.send("GET", "auth/forward?scope=orders:write", Auth.bearer(key), null, null, "X-Forwarded-Method", "POST");
        assertEquals(403, refused.status());
        assertEquals("insufficient_scope", refused.code());
    }

    @Test
    void aRateLimitIsSetInTheDialogsAndTheUsageChartShowsTheKeysRequests() throws Exception {
        String email = signInAsNewAdmin();
        Auth admin = Auth.basic(email, PASSWORD);
        browser.click("Create API key");
        browser.heading("Create API key");
        browser.type("Description", "Metered");
        browser.type("Rate limit (requests per minute, optional)", "7");
        browser.click("Create key");
        browser.heading("Your new API key");
        String key = browser.field("API key").getAttribute("value");
        browser.click("Done");
        browser.awaitRows("API keys", rows -> rows.size() == 1 && rows.get(0).get(2).equals("Read & write 7 requests/min"));
        String id = api.get("keys", admin).json().getJsonArray("data").getJsonObject(0).getString("id");
        assertEquals(7, api.get("keys/" + id, admin).data().getInt("requests_per_minute"), "the limit typed is the key's");
        for (int i = 0; i < 3; i++) {
            assertEquals(200, api.get("me", Auth.bearer(key)).status());
        }
        io.latchkey.testsupport.Eventually.poll(() ->
                api.get("keys/" + id + "/usage", admin).data().getJsonNumber("total").longValue() == 3 ? true : null);

        browser.click("Actions for Metered");
        browser.menuItem("Usage").click();
        browser.heading("Usage of “Metered”");
        browser.awaitText("3 successful requests in the last 30 days");
        @SuppressWarnings("unchecked")
        List<String> bars = (List<String>) browser.driver.executeScript("return [...document.querySelectorAll("
                + "'#usage-chart svg rect.usage-bar')].map(bar => bar.getAttribute('data-requests'))");
        assertEquals(30, bars.size(), "one bar per day");
        assertEquals("3", bars.get(29), "today's bar: " + bars);
        assertTrue(bars.subList(0, 29).stream().allMatch("0"::equals), bars.toString());
        Number tall = (Number) browser.driver.executeScript("return document.querySelectorAll('#usage-chart rect.usage-bar')[29]"
                + ".getBoundingClientRect().height");
        assertTrue(tall.doubleValue() > 50, "today's bar is drawn tall: " + tall);
        browser.screenshot(Path.of(System.getProperty("latchkey.screenshots", "target/screenshots"), "console-key-usage.png"));
        browser.click("Close");
        browser.awaitGone("successful requests");

        browser.click("Actions for Metered");
        browser.menuItem("Edit").click();
        browser.heading("Edit API key");
        assertEquals("7", browser.field("Rate limit (requests per minute, optional)").getAttribute("value"));
        browser.field("Rate limit (requests per minute, optional)").clear();
        browser.click("Save");
        browser.awaitRows("API keys", rows -> rows.size() == 1 && rows.get(0).get(2).equals("Read & write"));
        assertTrue(Api.isNull(api.get("keys/" + id, admin).data(), "requests_per_minute"), "cleared: the default again");
    }

    @Test
    void serviceAccountsAreShownApartFromPeopleWithWhoAnswersForThem() {
        String email = signInAsNewAdmin();
        Auth admin = Auth.basic(email, PASSWORD);
        String personEmail = Api.uniqueEmail("answering");
        String person = api.createUser(admin, personEmail, PASSWORD, "member");
        Reply created = api.post("service-accounts", admin, "{\"name\":\"Release pipeline\",\"roles\":[\"token-manager\"],"
                + "\"responsible_id\":\"" + person + "\"}");
        assertEquals(201, created.status(), created.toString());
        openUsers();
        browser.awaitRows("Service accounts", rows -> rows.size() == 1 && rows.get(0).get(0).equals("Release pipeline")
                && rows.get(0).get(2).equals(personEmail));
        browser.awaitRows("Users", rows -> rows.size() == 2);
        assertTrue(browser.rows("Users").stream().noneMatch(row -> row.get(1).equals("Release pipeline")),
                "a service account is not among the people");
        assertEquals(200, api.patch("users/" + person, admin, "{\"active\":false}").status());
        browser.driver.navigate().refresh();
        browser.heading("Users");
        browser.awaitRows("Service accounts", rows -> rows.size() == 1
                && rows.get(0).get(2).equals(personEmail + " (deactivated: name someone else)"));
    }

    @Test
    void apiErrorsAreShownInPlainWords() {
        browser.open(console + "signin");
        browser.type("Email", Api.uniqueEmail("nobody"));
        browser.type("Password", "not-the-password");
        browser.click("Sign in");
        browser.awaitAlert("The email or password is not valid");

        signInAsNewAdmin();
        browser.click("Create API key");
        browser.type("Description", "   ");
        browser.click("Create key");
        browser.awaitAlert("description: must not be blank");
        browser.click("Cancel");
    }

    @Test
    void adminsAddAndDeactivateUsers() {
        signInAsNewAdmin();
        openUsers();
        browser.click("Add user");
        String email = Api.uniqueEmail("newcomer");
        browser.type("Email", email);
        browser.type("Name", "New Comer");
        browser.type("Initial password (at least 12 characters)", PASSWORD);
        browser.click("Add user");
        browser.awaitRows("Users", rows -> rows.stream().anyMatch(r -> r.get(0).equals(email)
                && r.get(2).equals("API Token Manager") && r.get(3).equals("Latchkey password") && r.get(4).equals("Active")));
        assertTrue(browser.driver.findElements(org.openqa.selenium.By.xpath("//h2[normalize-space(.)='Directory sync']"))
                .stream().noneMatch(org.openqa.selenium.WebElement::isDisplayed), "the directory is another organization's");
        assertEquals(200, api.get("keys", Auth.basic(email, PASSWORD)).status());

        browser.click("Deactivate " + email);
        browser.heading("Deactivate " + email + "?");
        browser.click("Deactivate");
        browser.awaitRows("Users", rows -> rows.stream().anyMatch(r -> r.get(0).equals(email) && r.get(4).equals("Deactivated")));
        assertEquals(401, api.get("keys", Auth.basic(email, PASSWORD)).status());

        browser.click("Sign out");
        browser.heading("Sign in to Latchkey");
    }

    /** No directory runs during this class: the sync the operator starts reports it could not reach it. */
    @Test
    void theDirectoryOrganizationsAdminsRunTheSyncFromTheUsersPage() {
        browser.open(console + "signin");
        signIn(Api.ADMIN_EMAIL, Api.ADMIN_PASSWORD);
        browser.driver.findElement(org.openqa.selenium.By.linkText("Users")).click();
        browser.heading("Directory sync");
        browser.click("Sync with the directory now");
        browser.awaitText("started by an admin: the directory could not be reached");
        browser.awaitText("nobody was deactivated");
        assertEquals("admin", api.get("directory/sync", Auth.admin()).data().getString("trigger"));
    }

    @Test
    void theUsersPageTurnsPagesOfTwentyAndSearches() {
        String adminEmail = Api.uniqueEmail("paging-admin");
        api.createOrganization("Paging " + UUID.randomUUID().toString().substring(0, 6), adminEmail, PASSWORD);
        Auth admin = Auth.basic(adminEmail, PASSWORD);
        String last = null;
        for (int i = 0; i < 20; i++) {
            last = Api.uniqueEmail("page-" + i);
            api.createUser(admin, last, PASSWORD, "member");
        }
        browser.open(console + "signin");
        signIn(adminEmail, PASSWORD);
        openUsers();
        browser.awaitRows("Users", rows -> rows.size() == 20 && rows.get(0).get(0).equals(adminEmail));
        browser.awaitText("1–20 of 21");
        assertTrue(browser.button("Previous").getAttribute("disabled") != null, "no page before the first");

        browser.click("Next");
        String newest = last;
        browser.awaitRows("Users", rows -> rows.size() == 1 && rows.get(0).get(0).equals(newest));
        browser.awaitText("21–21 of 21");
        assertTrue(browser.button("Next").getAttribute("disabled") != null, "no page after the last");
        browser.click("Previous");
        browser.awaitRows("Users", rows -> rows.size() == 20);

        browser.type("Search users", newest.substring(0, newest.indexOf('@')).toUpperCase());
        browser.awaitRows("Users", rows -> rows.size() == 1 && rows.get(0).get(0).equals(newest));
        browser.awaitText("1–1 of 1");
        browser.type("Search users", "nobody-by-this-name");
        browser.awaitText("No users match this search.");
    }

    @Test
    void theConsoleOffersOnlyWhatTheCallerMayDoAndKeepsRolesItDoesNotShow() {
        String description = "Operator automation " + UUID.randomUUID().toString().substring(0, 6);
        api.createKey(Auth.admin(), "{\"description\":\"" + description + "\",\"access\":\"read_write\"}");
        String adminEmail = Api.uniqueEmail("plain-admin");
        api.createUser(Auth.admin(), adminEmail, PASSWORD, "admin");

        browser.open(console + "signin");
        signIn(adminEmail, PASSWORD);
        browser.type("Search keys", description);
        browser.awaitRows("API keys", rows -> rows.size() == 1 && rows.get(0).get(1).equals(description));
        browser.click("Actions for " + description);
        browser.menuItem("Revoke");
        assertEquals(List.of("Copy masked key", "Usage", "Revoke"), browser.menuItems(),
                "a key of the operator can be revoked by an admin, not edited or regenerated");
        browser.click("Sign out");

        browser.heading("Sign in to Latchkey");
        signIn(Api.ADMIN_EMAIL, Api.ADMIN_PASSWORD);
        openUsers();
        browser.click("Edit roles of " + Api.ADMIN_EMAIL);
        browser.heading("Roles of " + Api.ADMIN_EMAIL);
        browser.click("Save roles");
        browser.awaitGone("Roles of " + Api.ADMIN_EMAIL);
        List<String> roles = api.get("me", Auth.admin()).data().getJsonArray("roles")
                .getValuesAs(jakarta.json.JsonString.class).stream().map(jakarta.json.JsonString::getString).toList();
        assertEquals(List.of("admin", "operator"), roles, "saving the dialog keeps the operator role it does not show");
    }

    @Test
    void atAPhonesWidthTheHeaderAndTheKeysTableFit() throws Exception {
        browser.driver.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
        try {
            String email = "a-rather-long-address-" + UUID.randomUUID().toString().substring(0, 8) + "@phone.example.com";
            api.createOrganization("Phone " + UUID.randomUUID().toString().substring(0, 6), email, PASSWORD);
            browser.open(console + "signin");
            browser.type("Email", email);
            browser.type("Password", PASSWORD);
            browser.click("Sign in");
            browser.heading("API keys");
            api.createKey(Auth.basic(email, PASSWORD), "{\"description\":\"A key with a fairly long description to fill the row\"}");
            browser.driver.navigate().refresh();
            browser.awaitRows("API keys", rows -> rows.size() == 1);
            long width = ((Number) browser.driver.executeScript("return window.innerWidth;")).longValue();
            assertTrue(width <= 400, "the viewport is a phone's: " + width);
            assertEquals(Boolean.TRUE, browser.driver.executeScript(
                    "return document.documentElement.scrollWidth <= window.innerWidth;"), "the page does not scroll sideways");
            assertEquals(Boolean.TRUE, browser.driver.executeScript(
                    "const brand = document.querySelector('.brand').getBoundingClientRect();"
                            + "const keys = document.querySelector('nav a').getBoundingClientRect();"
                            + "return brand.right <= keys.left || brand.bottom <= keys.top;"), "the product name and the menu do not overlap");
            assertEquals(Boolean.TRUE, browser.driver.executeScript(
                    "const who = document.getElementById('whoami'); const box = who.getBoundingClientRect();"
                            + "return who.textContent === arguments[0] && who.scrollWidth <= who.clientWidth"
                            + " && box.left >= 0 && box.right <= window.innerWidth;", email), "the signed-in email is shown whole");
            assertEquals(Boolean.TRUE, browser.driver.executeScript(
                    "const wrap = document.querySelector('.table-wrap').getBoundingClientRect();"
                            + "return wrap.left >= 0 && wrap.right <= window.innerWidth;"), "the keys table scrolls within the page");
            browser.button("Create API key");
            browser.screenshot(Path.of(System.getProperty("latchkey.screenshots", "target/screenshots"), "console-keys-phone.png"));
        } finally {
            browser.driver.manage().window().setSize(new org.openqa.selenium.Dimension(1400, 1000));
        }
    }

    @Test
    void changesMadeWithTheSessionCookieNeedTheCsrfToken() throws Exception {
        String email = Api.uniqueEmail("csrf-admin");
        api.createOrganization("Csrf " + UUID.randomUUID().toString().substring(0, 6), email, PASSWORD);
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> signIn = http.send(HttpRequest.newBuilder(api.base().resolve("session"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, signIn.statusCode(), signIn.body());
        List<String> sessionCookies = signIn.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("LATCHKEY_SESSION=")).toList();
        assertEquals(1, sessionCookies.size(), sessionCookies.toString());
        String setCookie = sessionCookies.get(0);
        assertTrue(setCookie.contains("HttpOnly"), setCookie);
        assertTrue(setCookie.contains("SameSite=Strict"), setCookie);
        String cookie = signIn.headers().allValues("Set-Cookie").stream().map(c -> c.split(";", 2)[0])
                .collect(java.util.stream.Collectors.joining("; "));
        String token = signIn.body().replaceAll(".*\"csrf_token\":\"([^\"]+)\".*", "$1");

        HttpResponse<String> forged = http.send(HttpRequest.newBuilder(api.base().resolve("keys"))
                .header("Content-Type", "application/json").header("Cookie", cookie)
                .POST(HttpRequest.BodyPublishers.ofString("{\"description\":\"forged\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, forged.statusCode(), forged.body() + " with " + signIn.headers().allValues("Set-Cookie"));
        assertTrue(forged.body().contains("csrf_token_invalid"), forged.body());

        HttpResponse<String> genuine = http.send(HttpRequest.newBuilder(api.base().resolve("keys"))
                .header("Content-Type", "application/json").header("Cookie", cookie).header("X-CSRF-Token", token)
                .POST(HttpRequest.BodyPublishers.ofString("{\"description\":\"genuine\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, genuine.statusCode(), genuine.body());

        HttpResponse<String> me = http.send(HttpRequest.newBuilder(api.base().resolve("me")).header("Cookie", cookie).build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(me.body().contains("\"method\":\"session\""), me.body());

        HttpResponse<String> signOut = http.send(HttpRequest.newBuilder(api.base().resolve("session"))
                .header("Cookie", cookie).header("X-CSRF-Token", token).DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(204, signOut.statusCode(), signOut.body());
        HttpResponse<String> after = http.send(HttpRequest.newBuilder(api.base().resolve("me")).header("Cookie", cookie).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, after.statusCode());

        // a new password ends the sessions started with the old one
        HttpResponse<String> again = http.send(HttpRequest.newBuilder(api.base().resolve("session"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, again.statusCode(), again.body());
        String secondCookie = again.headers().allValues("Set-Cookie").stream().map(c -> c.split(";", 2)[0])
                .collect(java.util.stream.Collectors.joining("; "));
        String adminId = api.get("me", Auth.basic(email, PASSWORD)).data().getString("id");
        assertEquals(200, api.patch("users/" + adminId, Auth.basic(email, PASSWORD), "{\"password\":\"a-brand-new-password\"}").status());
        HttpResponse<String> stale = http.send(HttpRequest.newBuilder(api.base().resolve("me")).header("Cookie", secondCookie).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, stale.statusCode(), stale.body());

        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(console + "keys/some-id")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Security-Policy").orElseThrow().contains("default-src 'self'"));
        assertTrue(page.body().contains("<base href=\"" + URI.create(console).getPath() + "\">"), page.body());
    }
}

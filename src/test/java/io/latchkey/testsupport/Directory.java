package io.latchkey.testsupport;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import java.net.InetAddress;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The real LDAP directory of the tests: UnboundID's in-memory directory server in the test JVM, at the URL
 * the test servers are configured with ({@code ldap://127.0.0.1:<latchkey.it.ldapPort>}), with
 * {@code ou=people} (and {@code ou=engineering} in it), {@code ou=groups} (groupOfNames {@code latchkey-admins},
 * {@code api-token-managers}) and the service account {@code cn=latchkey,ou=services} under
 * {@code dc=corp,dc=example}. Entries get an {@code entryUUID}, as in OpenLDAP. A test may stop it (an outage)
 * and start it again: its entries stay.
 */
public final class Directory implements BeforeAllCallback, AfterAllCallback {

    public static final String BASE = "dc=corp,dc=example";
    public static final String ADMINS = "latchkey-admins";
    public static final String TOKEN_MANAGERS = "api-token-managers";

    private InMemoryDirectoryServer server;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(BASE);
        config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("ldap", InetAddress.getByName("127.0.0.1"),
                Integer.getInteger("latchkey.it.ldapPort", 10389), null));
        config.setSchema(null); // groupOfNames without members is fine here, as in many real directories
        server = new InMemoryDirectoryServer(config);
        server.add("dn: " + BASE, "objectClass: domain", "dc: corp");
        for (String ou : new String[] {"people", "groups", "services"}) {
            server.add("dn: ou=" + ou + "," + BASE, "objectClass: organizationalUnit", "ou: " + ou);
        }
        server.add("dn: ou=engineering,ou=people," + BASE, "objectClass: organizationalUnit", "ou: engineering");
        server.add("dn: cn=latchkey,ou=services," + BASE, "objectClass: person", "cn: latchkey", "sn: service",
                "userPassword: it-bind-password");
        for (String group : new String[] {ADMINS, TOKEN_MANAGERS}) {
            server.add("dn: cn=" + group + ",ou=groups," + BASE, "objectClass: groupOfNames", "cn: " + group);
        }
        server.startListening();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (server != null) {
            server.shutDown(true);
        }
    }

    public void stop() {
        server.shutDown("ldap", true);
    }

    public void start() throws LDAPException {
        server.startListening();
    }

    /** Adds a person ({@code uid} under {@code ou=people}) in the given groups; returns the DN. */
    public String addPerson(String uid, String email, String name, String password, String... groups) throws Exception {
        String dn = "uid=" + uid + ",ou=people," + BASE;
        server.add("dn: " + dn, "objectClass: inetOrgPerson", "objectClass: person", "uid: " + uid, "cn: " + name,
                "sn: " + name, "mail: " + email, "userPassword: " + password);
        for (String group : groups) {
            join(dn, group);
        }
        return dn;
    }

    public void join(String dn, String group) throws LDAPException {
        server.modify("cn=" + group + ",ou=groups," + BASE, new Modification(ModificationType.ADD, "member", dn));
    }

    public void leave(String dn, String group) throws LDAPException {
        server.modify("cn=" + group + ",ou=groups," + BASE, new Modification(ModificationType.DELETE, "member", dn));
    }

    /**
     * The person moves to {@code ou=engineering} under {@code ou=people} (still under the user search base);
     * their group memberships follow, as referential integrity makes them; returns the new DN.
     */
    public String moveToEngineering(String dn) throws LDAPException {
        String rdn = dn.substring(0, dn.indexOf(','));
        String parent = "ou=engineering,ou=people," + BASE;
        server.modifyDN(dn, rdn, true, parent);
        String moved = rdn + "," + parent;
        for (String group : new String[] {ADMINS, TOKEN_MANAGERS}) {
            if (server.getEntry("cn=" + group + ",ou=groups," + BASE).hasAttributeValue("member", dn)) {
                leave(dn, group);
                join(moved, group);
            }
        }
        return moved;
    }

    /** The person's email changes (a new name, a new domain). */
    public void changeEmail(String dn, String email) throws LDAPException {
        server.modify(dn, new Modification(ModificationType.REPLACE, "mail", email));
    }

    /** The person leaves the company: their entry is deleted (their group memberships with it). */
    public void remove(String dn) throws LDAPException {
        for (String group : new String[] {ADMINS, TOKEN_MANAGERS}) {
            if (server.getEntry("cn=" + group + ",ou=groups," + BASE).hasAttributeValue("member", dn)) {
                leave(dn, group);
            }
        }
        server.delete(dn);
    }
}

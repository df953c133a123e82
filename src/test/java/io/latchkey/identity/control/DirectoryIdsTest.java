package io.latchkey.identity.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import io.latchkey.accounts.control.Accounts.ExternalIdentity;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Active Directory's binary {@code objectGUID} as the id of a directory user, against a real (in-memory) LDAP
 * server: read as its 16 bytes (one of them not valid UTF-8), kept in UUID form, and searched for by those
 * bytes when the person's email has changed.
 */
class DirectoryIdsTest {

    private static final String BASE = "dc=corp,dc=example";
    private static final String PEOPLE = "ou=people," + BASE;
    private static final byte[] GUID = {(byte) 0xff, 0x01, 0x7f, (byte) 0x80, 0x00, 0x10, 0x20, 0x30,
            0x40, 0x50, 0x60, 0x70, (byte) 0x90, (byte) 0xa0, (byte) 0xb0, (byte) 0xc0};

    private InMemoryDirectoryServer server;
    private Directory directory;

    @BeforeEach
    void start() throws Exception {
        InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(BASE);
        config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("ldap", InetAddress.getByName("127.0.0.1"), 0, null));
        config.setSchema(null);
        server = new InMemoryDirectoryServer(config);
        server.add("dn: " + BASE, "objectClass: domain", "dc: corp");
        server.add("dn: " + PEOPLE, "objectClass: organizationalUnit", "ou: people");
        server.add(new Entry("uid=ada," + PEOPLE, new Attribute("objectClass", "person"), new Attribute("uid", "ada"),
                new Attribute("cn", "Ada"), new Attribute("sn", "Ada"), new Attribute("mail", "ada@corp.example"),
                new Attribute("userPassword", "ada-password-1"), new Attribute("objectGUID", GUID)));
        server.startListening();
        directory = MisconfigurationTest.directory("ldap://127.0.0.1:" + server.getListenPort(), PEOPLE, "(mail={0})", null,
                "objectGUID");
    }

    @AfterEach
    void stop() {
        server.shutDown(true);
    }

    private static String guidAsUuid() {
        ByteBuffer bytes = ByteBuffer.wrap(GUID);
        return new UUID(bytes.getLong(), bytes.getLong()).toString();
    }

    @Test
    void anObjectGuidIsTheUuidOfItsSixteenBytes() throws Exception {
        ExternalIdentity ada = directory.authenticate("ada@corp.example", "ada-password-1").orElseThrow();
        assertEquals(guidAsUuid(), ada.externalId());
        assertEquals("ada@corp.example", ada.email());
    }

    @Test
    void aPersonWhoseEmailChangedIsFoundByTheirGuid() throws Exception {
        server.modify("uid=ada," + PEOPLE, new Modification(ModificationType.REPLACE, "mail", "ada.lovelace@corp.example"));
        Map<String, ExternalIdentity> found = directory.lookUp(Map.of(guidAsUuid(), "ada@corp.example"));
        assertEquals("ada.lovelace@corp.example", found.get(guidAsUuid()).email());

        server.delete("uid=ada," + PEOPLE);
        assertEquals(Map.of(), directory.lookUp(Map.of(guidAsUuid(), "ada.lovelace@corp.example")), "a deleted entry is gone");
    }
}

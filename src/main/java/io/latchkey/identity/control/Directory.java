package io.latchkey.identity.control;

import io.latchkey.accounts.control.Accounts.ExternalIdentity;
import io.latchkey.accounts.entity.IdentitySource;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Logger;
import javax.naming.AuthenticationException;
import javax.naming.Context;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.SizeLimitExceededException;
import javax.naming.directory.Attribute;
import javax.naming.directory.Attributes;
import javax.naming.directory.DirContext;
import javax.naming.directory.InitialDirContext;
import javax.naming.directory.SearchControls;
import javax.naming.directory.SearchResult;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The LDAP directory (OpenLDAP, Active Directory, ...), through the JDK's own LDAP client (JNDI): portable
 * to every server, nothing bundled. A person is found by the user filter with their email as {@code {0}}
 * (escaped by JNDI), as the service account ({@code LATCHKEY_LDAP_BIND_DN}); their password is checked by
 * binding as their entry; their groups are the entries the group filter finds with their DN as {@code {0}}.
 * A user the filter does not find is gone or disabled: put the directory's "enabled" condition in the
 * filter (src/site/markdown/enterprise-sign-in.md has Active Directory's and OpenLDAP's). Connections time
 * out after 5 s (connect) and 10 s (read). The bind password is never logged.
 */
@ApplicationScoped
public class Directory {

    private static final Logger LOG = Logger.getLogger(Directory.class.getName());

    /** The directory could not answer (unreachable, the service bind refused, a search failed). */
    public static class Unavailable extends Exception {
        Unavailable(String message, Throwable cause) {
            super(message, cause, false, false);
        }
    }

    void atStartup(@Observes Startup startup) {
    }

    @Inject
    @ConfigProperty(name = "latchkey.ldap.url")
    Optional<String> url;

    @Inject
    @ConfigProperty(name = "latchkey.ldap.name", defaultValue = "the directory")
    String name;

    @Inject
    @ConfigProperty(name = "latchkey.ldap.bind-dn")
    Optional<String> bindDn;

    @Inject
    @ConfigProperty(name = "latchkey.ldap.bind-password")
    Optional<String> bindPassword;

    @Inject
    @ConfigProperty(name = "latchkey.ldap.user-search-base")
    Optional<String> userBase;

    @Inject
    @ConfigProperty(name = "latchkey.ldap.user-search-filter", defaultValue = "(&(objectClass=person)(mail={0}))")
    String userFilter;

    @Inject
    @ConfigProperty(name = "latchkey.ldap.email-attribute", defaultValue = "mail")
    String emailAttribute;

    @Inject
    @ConfigProperty(name = "latchkey.ldap.name-attribute", defaultValue = "cn")
    String nameAttribute;

    /**
     * The attribute that names an entry for good, whatever its DN: {@code entryUUID} (RFC 4530: OpenLDAP, 389 DS,
     * most others) or Active Directory's {@code objectGUID}, which is read as binary so that the GUID is not mangled.
     */
    @Inject
    @ConfigProperty(name = "latchkey.ldap.id-attribute", defaultValue = "entryUUID")
    String idAttribute;

    /** Whether an entry without the id attribute was already reported (once is enough). */
    private volatile boolean reportedMissingId;

    @Inject
    @ConfigProperty(name = "latchkey.ldap.group-search-base")
    Optional<String> groupBase;

    @Inject
    @ConfigProperty(name = "latchkey.ldap.group-search-filter", defaultValue = "(|(member={0})(uniqueMember={0}))")
    String groupFilter;

    @Inject
    @ConfigProperty(name = "latchkey.ldap.group-name-attribute", defaultValue = "cn")
    String groupNameAttribute;

    /** The group → role map: {@code LATCHKEY_LDAP_ROLE_MAP}, else the provider's {@code LATCHKEY_OIDC_ROLE_MAP}. */
    @Inject
    @ConfigProperty(name = "latchkey.ldap.role-map")
    Optional<String> roleMapSetting;

    @Inject
    @ConfigProperty(name = "latchkey.oidc.role-map")
    Optional<String> sharedRoleMap;

    private RoleMap roleMap;
    private String misconfiguration;

    @PostConstruct
    void configure() {
        if (!isConfigured()) {
            return;
        }
        try {
            roleMap = RoleMap.parse(roleMapSetting.or(() -> sharedRoleMap).orElse(""));
            String scheme = URI.create(url.get().trim().split("\\s+")[0]).getScheme();
            if (!"ldap".equals(scheme) && !"ldaps".equals(scheme)) {
                throw new IllegalArgumentException("LATCHKEY_LDAP_URL must be an ldap:// or ldaps:// URL");
            }
            if (userBase.filter(s -> !s.isBlank()).isEmpty()) {
                throw new IllegalArgumentException("LATCHKEY_LDAP_USER_SEARCH_BASE is not set");
            }
            if (!idAttribute.matches("[A-Za-z][A-Za-z0-9-]{0,63}")) {
                throw new IllegalArgumentException("LATCHKEY_LDAP_ID_ATTRIBUTE must be an attribute name such as entryUUID");
            }
            if (!userFilter.contains("{0}") || !groupFilter.contains("{0}")) {
                throw new IllegalArgumentException("the user and group search filters must contain {0}");
            }
            if ("ldap".equals(scheme)) {
                LOG.warning(() -> "LATCHKEY_LDAP_URL is ldap://: what people type to sign in travels to the directory"
                        + " unencrypted; use ldaps:// unless the network between them is private");
            }
            LOG.info(() -> "LDAP sign-in: " + url.get() + ", users under " + userBase.get() + " matching " + userFilter
                    + (bindDn.isPresent() ? ", searched as " + bindDn.get() : ", searched anonymously"));
        } catch (IllegalArgumentException e) {
            misconfiguration = e.getMessage();
            LOG.severe(() -> "LDAP sign-in is misconfigured and off: " + misconfiguration + " (local accounts still sign in)");
        }
    }

    public boolean isConfigured() {
        return url.filter(s -> !s.isBlank()).isPresent();
    }

    /** Whether passwords are checked against the directory: configured, and configured well. */
    public boolean isUsable() {
        return isConfigured() && misconfiguration == null;
    }

    public String displayName() {
        return name;
    }

    public Optional<String> misconfiguration() {
        return Optional.ofNullable(misconfiguration);
    }

    /**
     * The person with this email and password, as the directory has them now; empty when the directory
     * does not know the email (or the filter excludes them) or the password is wrong.
     */
    public Optional<ExternalIdentity> authenticate(String email, String password) throws Unavailable {
        if (!isUsable() || password == null || password.isEmpty()) {
            return Optional.empty(); // an empty password would be an anonymous bind, which "succeeds"
        }
        return asService(service -> {
            Optional<SearchResult> entry = findUser(service, email);
            return entry.isPresent() && bindsAs(entry.get().getNameInNamespace(), password)
                    ? identity(service, entry.get()) : Optional.empty();
        });
    }

    /**
     * The people Latchkey knows, by id with the email it knows them by, as the directory has them now (the
     * sync), over one connection, keyed by id. Each is found by that email, or, when it now finds no one or
     * someone else, by id (their email changed) and then again by their new email, so that the user filter
     * still says whether they are enabled. An id missing from the answer is gone, or disabled.
     */
    public Map<String, ExternalIdentity> lookUp(Map<String, String> emailsById) throws Unavailable {
        return asService(service -> {
            Map<String, ExternalIdentity> found = new HashMap<>();
            for (Map.Entry<String, String> known : emailsById.entrySet()) {
                Optional<ExternalIdentity> person = person(service, known.getValue(), known.getKey());
                if (person.isEmpty()) {
                    Optional<String> email = emailOfId(service, known.getKey());
                    if (email.isPresent() && !email.get().equalsIgnoreCase(known.getValue())) {
                        person = person(service, email.get(), known.getKey());
                    }
                }
                person.ifPresent(p -> found.put(known.getKey(), p));
            }
            return found;
        });
    }

    /** The person the user filter finds by this email, if it is the entry with this id (no group search otherwise). */
    private Optional<ExternalIdentity> person(DirContext service, String email, String id) throws NamingException {
        Optional<SearchResult> entry = findUser(service, email);
        if (entry.isEmpty() || !stableId(entry.get().getAttributes().get(idAttribute), entry.get().getNameInNamespace()).equals(id)) {
            return Optional.empty();
        }
        return identity(service, entry.get());
    }

    /** The email of the entry with this id, wherever it is under the user search base; empty if there is none. */
    private Optional<String> emailOfId(DirContext service, String id) throws NamingException {
        SearchControls controls = new SearchControls(SearchControls.SUBTREE_SCOPE, 2, 10_000,
                new String[] {emailAttribute}, false, false);
        Object value = binaryId() ? idBytes(id) : id;
        if (value == null) {
            return Optional.empty();
        }
        NamingEnumeration<SearchResult> found = service.search(userBase.get(), "(" + idAttribute + "={0})",
                new Object[] {value}, controls);
        try {
            if (!found.hasMore()) {
                return Optional.empty();
            }
            SearchResult first = found.next();
            return found.hasMore() ? Optional.empty() : Optional.ofNullable(text(first.getAttributes().get(emailAttribute)));
        } finally {
            found.close();
        }
    }

    /** What the service account does in one connection. */
    @FunctionalInterface
    private interface AsService<T> {
        T run(DirContext service) throws NamingException, Unavailable;
    }

    private <T> T asService(AsService<T> work) throws Unavailable {
        DirContext service = connect(bindDn.orElse(null), bindPassword.orElse(null));
        try {
            return work.run(service);
        } catch (NamingException e) {
            throw unavailable("a search failed", e);
        } finally {
            close(service);
        }
    }

    private Optional<SearchResult> findUser(DirContext service, String email) throws NamingException {
        SearchControls controls = new SearchControls(SearchControls.SUBTREE_SCOPE, 2, 10_000,
                new String[] {emailAttribute, nameAttribute, idAttribute}, false, false);
        NamingEnumeration<SearchResult> found = service.search(userBase.get(), userFilter, new Object[] {email}, controls);
        try {
            if (!found.hasMore()) {
                return Optional.empty();
            }
            SearchResult first = found.next();
            if (found.hasMore()) {
                LOG.warning(() -> "The LDAP user filter finds more than one entry for one email; refusing it");
                return Optional.empty();
            }
            return Optional.of(first);
        } finally {
            found.close();
        }
    }

    /** The person of this entry; empty when the entry has no usable email (such an entry cannot sign in). */
    private Optional<ExternalIdentity> identity(DirContext service, SearchResult entry) throws NamingException {
        String dn = entry.getNameInNamespace();
        Attributes attributes = entry.getAttributes();
        String mail = text(attributes.get(emailAttribute));
        if (mail == null || !mail.contains("@") || mail.length() > 254) {
            LOG.warning(() -> "A directory entry found by the user filter has no usable " + emailAttribute + "; it cannot sign in");
            return Optional.empty();
        }
        String fullName = Optional.ofNullable(text(attributes.get(nameAttribute))).orElse(mail);
        List<String> groups = new ArrayList<>();
        SearchControls controls = new SearchControls(SearchControls.SUBTREE_SCOPE, 0, 10_000,
                new String[] {groupNameAttribute}, false, false);
        NamingEnumeration<SearchResult> found = service.search(groupBase.filter(s -> !s.isBlank()).orElse(userBase.get()),
                groupFilter, new Object[] {dn}, controls);
        try {
            while (found.hasMore()) {
                String group = text(found.next().getAttributes().get(groupNameAttribute));
                if (group != null) {
                    groups.add(group);
                }
            }
        } catch (SizeLimitExceededException e) {
            LOG.warning(() -> "The directory returned only part of a person's " + groups.size() + "+ groups (its size limit)");
        } finally {
            found.close();
        }
        return Optional.of(new ExternalIdentity(IdentitySource.LDAP, stableId(attributes.get(idAttribute), dn), mail, true,
                fullName.length() > 200 ? fullName.substring(0, 200) : fullName, roleMap.rolesOf(groups)));
    }

    /** Whether the id attribute is Active Directory's binary GUID, read and searched as its 16 bytes. */
    private boolean binaryId() {
        return "objectGUID".equalsIgnoreCase(idAttribute);
    }

    /** A GUID's 16 bytes from the UUID form {@link #stableId} gives it; null for anything else. */
    private static byte[] idBytes(String id) {
        try {
            UUID uuid = UUID.fromString(id);
            return ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits())
                    .array();
        } catch (IllegalArgumentException notAGuid) {
            return null;
        }
    }

    /**
     * What names the entry for good: its id attribute (a GUID's 16 bytes in UUID form, in their order), or, for
     * a directory without one, the DN (then a moved entry is a new person: said once).
     */
    private String stableId(Attribute id, String dn) throws NamingException {
        Object value = id == null || id.size() == 0 ? null : id.get();
        if (value instanceof byte[] bytes && bytes.length == 16) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            return new UUID(buffer.getLong(), buffer.getLong()).toString();
        }
        if (value instanceof String text && !text.isEmpty()) {
            return text;
        }
        if (!reportedMissingId) {
            reportedMissingId = true;
            LOG.warning(() -> "Directory entries have no " + idAttribute + " (LATCHKEY_LDAP_ID_ATTRIBUTE); they are"
                    + " known by their DN, so a moved entry counts as a new person");
        }
        return dn;
    }

    private static String text(Attribute attribute) throws NamingException {
        return attribute == null || attribute.size() == 0 ? null : String.valueOf(attribute.get());
    }

    /** Whether the directory accepts this password for this entry. */
    private boolean bindsAs(String dn, String password) throws Unavailable {
        try {
            close(new InitialDirContext(environment(dn, password)));
            return true;
        } catch (AuthenticationException e) {
            return false;
        } catch (NamingException e) {
            throw unavailable("could not be reached", e);
        }
    }

    private DirContext connect(String principal, String credentials) throws Unavailable {
        try {
            return new InitialDirContext(environment(principal, credentials));
        } catch (AuthenticationException e) {
            throw new Unavailable(name + " refused the service account's bind (LATCHKEY_LDAP_BIND_DN)", null);
        } catch (NamingException e) {
            throw unavailable("could not be reached", e);
        }
    }

    private Hashtable<String, Object> environment(String principal, String credentials) {
        Hashtable<String, Object> environment = new Hashtable<>();
        environment.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.ldap.LdapCtxFactory");
        environment.put(Context.PROVIDER_URL, url.orElseThrow());
        environment.put(Context.REFERRAL, "ignore");
        environment.put("com.sun.jndi.ldap.connect.timeout", "5000");
        environment.put("com.sun.jndi.ldap.read.timeout", "10000");
        if (binaryId()) {
            environment.put("java.naming.ldap.attributes.binary", idAttribute);
        }
        if (principal != null) {
            environment.put(Context.SECURITY_AUTHENTICATION, "simple");
            environment.put(Context.SECURITY_PRINCIPAL, principal);
            environment.put(Context.SECURITY_CREDENTIALS, credentials == null ? "" : credentials);
        } else {
            environment.put(Context.SECURITY_AUTHENTICATION, "none");
        }
        return environment;
    }

    private Unavailable unavailable(String what, NamingException e) {
        return new Unavailable(name + " " + what + " (" + e.getClass().getSimpleName() + ")", e);
    }

    private static void close(DirContext context) {
        try {
            context.close();
        } catch (NamingException e) {
            // closing a connection that broke: nothing to do
        }
    }
}

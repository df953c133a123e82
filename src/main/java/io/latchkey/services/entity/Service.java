package io.latchkey.services.entity;

import static io.latchkey.platform.UtcColumns.column;
import static io.latchkey.platform.UtcColumns.instant;

import io.latchkey.platform.Refusal;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A service of the organization that Latchkey's keys are presented to (through forward-auth, verify or
 * introspection), and the scopes it defines. Every scope's name starts with the service's name and a colon
 * ({@code orders:read}), so scope names are unique in the organization as service names are.
 * {@code adminsOnly}: only keys whose owner is an admin may carry this service's scopes.
 */
@Entity
@Table(name = "services")
@NamedQuery(name = Service.OF_ORGANIZATION, query = "select s from Service s where s.organizationId = :organization"
        + " order by s.name")
@NamedQuery(name = Service.BY_NAME, query = "select s from Service s where s.organizationId = :organization"
        + " and s.name = :name")
public class Service {

    public static final String OF_ORGANIZATION = "Service.ofOrganization";
    public static final String BY_NAME = "Service.byName";
    public static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]{0,39}");
    /** After the service's name and colon. */
    public static final Pattern SCOPE_ACTION = Pattern.compile("[a-z0-9][a-z0-9_.:-]{0,39}");
    public static final int MAX_SCOPES = 50;

    @Id
    @Column(length = 36)
    private String id;

    @Column(name = "organization_id")
    private String organizationId;

    private String name;

    private String description;

    @Column(name = "admins_only")
    private boolean adminsOnly;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "service_scopes", joinColumns = @JoinColumn(name = "service_id"))
    @OrderBy("name")
    private List<ServiceScope> scopes = new ArrayList<>();

    @Column(name = "created_at")
    private LocalDateTime createdAt;

    @Version
    private long version;

    protected Service() {
    }

    public Service(String organizationId, String name, String description, boolean adminsOnly,
                   List<ServiceScope> scopes, Instant now) {
        if (!NAME.matcher(name).matches()) {
            throw Refusal.invalid("name", "must be 1-40 lower-case letters, digits, '_' or '-', starting with a letter");
        }
        this.id = UUID.randomUUID().toString();
        this.organizationId = organizationId;
        this.name = name;
        this.description = description;
        this.adminsOnly = adminsOnly;
        this.createdAt = column(now);
        define(scopes);
    }

    /**
     * Replaces the scopes; returns the names a key may no longer carry because of it: those gone, and (in
     * {@code nowWriting}) those that did not write before and do now, which read-only keys may no longer carry.
     */
    public Withdrawn define(List<ServiceScope> wanted) {
        if (wanted.size() > MAX_SCOPES) {
            throw Refusal.invalid("scopes", "must be at most " + MAX_SCOPES);
        }
        Set<String> names = wanted.stream().map(ServiceScope::name).collect(Collectors.toSet());
        if (names.size() != wanted.size()) {
            throw Refusal.invalid("scopes", "must not name a scope twice");
        }
        for (ServiceScope scope : wanted) {
            String prefix = name + ":";
            if (!scope.name().startsWith(prefix) || !SCOPE_ACTION.matcher(scope.name().substring(prefix.length())).matches()) {
                throw Refusal.invalid("scopes", "'" + scope.name() + "' must be " + prefix + "<action>, the action 1-40"
                        + " lower-case letters, digits, '_', '.', ':' or '-'");
            }
        }
        Set<String> gone = scopes.stream().map(ServiceScope::name).filter(n -> !names.contains(n)).collect(Collectors.toSet());
        Set<String> nowWriting = wanted.stream().filter(ServiceScope::writes)
                .filter(s -> scope(s.name()).map(before -> !before.writes()).orElse(false))
                .map(ServiceScope::name).collect(Collectors.toSet());
        scopes.clear();
        scopes.addAll(wanted);
        return new Withdrawn(gone, nowWriting);
    }

    /** What a change of scopes takes from keys: {@code gone} from every key, {@code nowWriting} from read-only ones. */
    public record Withdrawn(Set<String> gone, Set<String> nowWriting) {

        public boolean isEmpty() {
            return gone.isEmpty() && nowWriting.isEmpty();
        }
    }

    public void describe(String description) {
        this.description = description;
    }

    public void restrictToAdmins(boolean adminsOnly) {
        this.adminsOnly = adminsOnly;
    }

    /** Whether {@code text} has the form of a scope name, {@code <service>:<action>}. */
    public static boolean isScopeName(String text) {
        int colon = text.indexOf(':');
        return colon > 0 && NAME.matcher(text.substring(0, colon)).matches()
                && SCOPE_ACTION.matcher(text.substring(colon + 1)).matches();
    }

    public Optional<ServiceScope> scope(String scopeName) {
        return scopes.stream().filter(s -> s.name().equals(scopeName)).findFirst();
    }

    public String id() {
        return id;
    }

    public String organizationId() {
        return organizationId;
    }

    public String name() {
        return name;
    }

    public String description() {
        return description;
    }

    public boolean adminsOnly() {
        return adminsOnly;
    }

    public List<ServiceScope> scopes() {
        return List.copyOf(scopes);
    }

    public Instant createdAt() {
        return instant(createdAt);
    }
}

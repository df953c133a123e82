package io.latchkey.services.control;

import io.latchkey.audit.control.AuditLog;
import io.latchkey.audit.entity.Actor;
import io.latchkey.audit.entity.EventType;
import io.latchkey.platform.Refusal;
import io.latchkey.services.entity.Service;
import io.latchkey.services.entity.Service.Withdrawn;
import io.latchkey.services.entity.ServiceScope;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The organization's services and their scopes, and the one rule of who may grant which scope (see
 * {@link #requireGrantable}). Changes are the admins' (the boundary says so); every one is audited as an
 * organization event, and what a change takes from keys goes out as {@link ScopesWithdrawn}. Runs in the
 * caller's transaction.
 */
@ApplicationScoped
public class ServiceCatalog {

    /** What a creation or change asks for; null: unchanged. */
    public record Definition(String name, String description, Boolean adminsOnly, List<ServiceScope> scopes) {
    }

    @PersistenceContext(unitName = "latchkey")
    EntityManager em;

    @Inject
    AuditLog audit;

    @Inject
    Clock clock;

    @Inject
    Event<ScopesWithdrawn> withdrawn;

    public List<Service> list(String organizationId) {
        return em.createNamedQuery(Service.OF_ORGANIZATION, Service.class)
                .setParameter("organization", organizationId).getResultList();
    }

    /** The service if it is the organization's; otherwise 404, the same as one that does not exist. */
    public Service get(String organizationId, String id) {
        return ofOrganization(organizationId, id, em.find(Service.class, id));
    }

    /** As {@link #get}, locked until the transaction ends: changes of one service are made one after another. */
    private Service locked(String organizationId, String id) {
        return ofOrganization(organizationId, id, em.find(Service.class, id, LockModeType.PESSIMISTIC_WRITE));
    }

    private static Service ofOrganization(String organizationId, String id, Service service) {
        if (service == null || !service.organizationId().equals(organizationId)) {
            throw Refusal.notFound("service", id);
        }
        return service;
    }

    public Service create(String organizationId, Actor actor, Definition definition) {
        if (byName(organizationId, definition.name(), LockModeType.NONE).isPresent()) {
            throw Refusal.conflict("service_exists", "The organization already has a service named '" + definition.name() + "'");
        }
        Service service = new Service(organizationId, definition.name(), definition.description(),
                Boolean.TRUE.equals(definition.adminsOnly()), definition.scopes() == null ? List.of() : definition.scopes(),
                clock.instant());
        em.persist(service);
        record(service, EventType.SERVICE_CREATED, actor, describe(service));
        return service;
    }

    public Service edit(String organizationId, Actor actor, String id, Definition changes) {
        Service service = locked(organizationId, id);
        if (changes.description() != null) {
            service.describe(changes.description());
        }
        if (changes.adminsOnly() != null) {
            service.restrictToAdmins(changes.adminsOnly());
        }
        JsonObjectBuilder details = describe(service);
        if (changes.scopes() != null) {
            Withdrawn taken = service.define(changes.scopes());
            details = describe(service);
            if (!taken.isEmpty()) {
                details.add("scopes_withdrawn", Json.createArrayBuilder(sorted(taken.gone())))
                        .add("scopes_now_writing", Json.createArrayBuilder(sorted(taken.nowWriting())));
                withdrawn.fire(new ScopesWithdrawn(organizationId, taken.gone(), taken.nowWriting(), actor));
            }
        }
        record(service, EventType.SERVICE_CHANGED, actor, details);
        return service;
    }

    /** Deletes the service; every key loses its scopes. */
    public void delete(String organizationId, Actor actor, String id) {
        Service service = locked(organizationId, id);
        Withdrawn taken = service.define(List.of());
        if (!taken.isEmpty()) {
            withdrawn.fire(new ScopesWithdrawn(organizationId, taken.gone(), taken.nowWriting(), actor));
        }
        record(service, EventType.SERVICE_DELETED, actor, Json.createObjectBuilder().add("name", service.name())
                .add("scopes_withdrawn", Json.createArrayBuilder(sorted(taken.gone()))));
        em.remove(service);
    }

    /**
     * Refuses scopes a key of this owner and access may not carry: each must be a scope of one of the
     * organization's services (400 {@code scope_unknown}); a service marked {@code admins_only} grants its
     * scopes only to keys of admins (403 {@code scope_not_grantable}); a scope that writes only to read-write
     * keys (400 {@code scope_needs_read_write}). The services named are locked until the transaction ends, so a
     * concurrent change of them cannot leave a key with a scope they no longer define.
     */
    public void requireGrantable(String organizationId, Collection<String> scopes, boolean ownerIsAdmin, boolean readOnly) {
        for (String scope : scopes) {
            if (!Service.isScopeName(scope)) {
                throw Refusal.invalid("scopes", "must be scopes of the organization's services, such as orders:read");
            }
            int colon = scope.indexOf(':');
            Optional<ServiceScope> defined = colon < 1 ? Optional.empty()
                    : byName(organizationId, scope.substring(0, colon), LockModeType.PESSIMISTIC_WRITE)
                            .flatMap(service -> service.scope(scope).map(found -> {
                                if (service.adminsOnly() && !ownerIsAdmin) {
                                    throw Refusal.forbidden("scope_not_grantable", "The service '" + service.name()
                                            + "' grants its scopes only to keys of admins; this key's owner is not one");
                                }
                                return found;
                            }));
            if (defined.isEmpty()) {
                throw Refusal.invalid("scope_unknown", "scopes", "'" + scope + "' is no scope of the organization's services");
            }
            if (defined.get().writes() && readOnly) {
                throw Refusal.invalid("scope_needs_read_write", "scopes", "'" + scope + "' writes; a read-only key cannot carry it");
            }
        }
    }

    /** The names of every scope of the organization's services that grant only to admins. */
    public Set<String> adminsOnlyScopes(String organizationId) {
        return list(organizationId).stream().filter(Service::adminsOnly).flatMap(s -> s.scopes().stream())
                .map(ServiceScope::name).collect(Collectors.toSet());
    }

    private Optional<Service> byName(String organizationId, String name, LockModeType lock) {
        return em.createNamedQuery(Service.BY_NAME, Service.class)
                .setParameter("organization", organizationId)
                .setParameter("name", name)
                .setLockMode(lock)
                .getResultStream().findFirst();
    }

    private void record(Service service, EventType type, Actor actor, JsonObjectBuilder details) {
        audit.recordAccount(service.organizationId(), null, type, actor, clock.instant(),
                details.add("service_id", service.id()).build());
    }

    private static JsonObjectBuilder describe(Service service) {
        JsonArrayBuilder scopes = Json.createArrayBuilder();
        service.scopes().forEach(scope -> scopes.add(Json.createObjectBuilder().add("name", scope.name())
                .add("writes", scope.writes())));
        return Json.createObjectBuilder().add("name", service.name()).add("admins_only", service.adminsOnly())
                .add("scopes", scopes);
    }

    private static List<String> sorted(Collection<String> names) {
        return names.stream().sorted().toList();
    }
}

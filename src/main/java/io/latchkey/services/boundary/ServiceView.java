package io.latchkey.services.boundary;

import io.latchkey.services.entity.Service;
import jakarta.json.bind.annotation.JsonbNillable;
import java.time.Instant;
import java.util.List;

/** A service as the API shows it, with its scopes in name order. */
public record ServiceView(String id, String name, @JsonbNillable String description, boolean adminsOnly,
                          List<ScopeView> scopes, Instant createdAt) {

    public record ScopeView(String name, @JsonbNillable String description, boolean writes) {
    }

    static ServiceView of(Service service) {
        return new ServiceView(service.id(), service.name(), service.description(), service.adminsOnly(),
                service.scopes().stream().map(s -> new ScopeView(s.name(), s.description(), s.writes())).toList(),
                service.createdAt());
    }
}

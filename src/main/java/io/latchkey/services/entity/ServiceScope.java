package io.latchkey.services.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/**
 * One scope a service defines, e.g. {@code orders:write}. {@code writes}: the scope lets a key change
 * something in the service, so a read-only key never carries it.
 */
@Embeddable
public class ServiceScope {

    private String name;

    private String description;

    @Column(name = "writes")
    private boolean writes;

    protected ServiceScope() {
    }

    public ServiceScope(String name, String description, boolean writes) {
        this.name = name;
        this.description = description;
        this.writes = writes;
    }

    public String name() {
        return name;
    }

    public String description() {
        return description;
    }

    public boolean writes() {
        return writes;
    }
}

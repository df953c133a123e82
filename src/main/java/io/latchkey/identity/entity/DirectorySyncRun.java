package io.latchkey.identity.entity;

import static io.latchkey.platform.UtcColumns.column;
import static io.latchkey.platform.UtcColumns.instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.UUID;

/**
 * One run of the directory sync. A timed run holds its interval's {@code slot} (unique), so that of all
 * the instances of a cluster one runs each interval; a run an admin asks for holds none.
 */
@Entity
@Table(name = "directory_syncs")
@NamedQuery(name = DirectorySyncRun.LATEST, query = "select r from DirectorySyncRun r order by r.startedAt desc, r.id")
public class DirectorySyncRun {

    public static final String LATEST = "DirectorySyncRun.latest";

    /** Who started a run. */
    public enum Trigger { TIMER, ADMIN }

    @Id
    private String id;

    private Long slot;

    @Column(name = "trigger_kind")
    private String trigger;

    @Column(name = "started_at")
    private LocalDateTime startedAt;

    @Column(name = "finished_at")
    private LocalDateTime finishedAt;

    private Integer checked;

    private Integer deactivated;

    @Column(name = "roles_changed")
    private Integer rolesChanged;

    private String error;

    protected DirectorySyncRun() {
    }

    public DirectorySyncRun(Long slot, Trigger trigger, Instant now) {
        this.id = UUID.randomUUID().toString();
        this.slot = slot;
        this.trigger = trigger.name().toLowerCase(java.util.Locale.ROOT);
        this.startedAt = column(now);
    }

    public void finish(int checked, int deactivated, int rolesChanged, String error, Instant now) {
        this.checked = checked;
        this.deactivated = deactivated;
        this.rolesChanged = rolesChanged;
        this.error = error == null || error.length() <= 500 ? error : error.substring(0, 500);
        this.finishedAt = column(now);
    }

    public String id() {
        return id;
    }

    public String trigger() {
        return trigger;
    }

    public Instant startedAt() {
        return instant(startedAt);
    }

    public Instant finishedAt() {
        return finishedAt == null ? null : instant(finishedAt);
    }

    public Integer checked() {
        return checked;
    }

    public Integer deactivated() {
        return deactivated;
    }

    public Integer rolesChanged() {
        return rolesChanged;
    }

    public String error() {
        return error;
    }
}

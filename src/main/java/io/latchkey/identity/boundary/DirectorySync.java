package io.latchkey.identity.boundary;

import io.latchkey.accounts.control.Accounts.ExternalIdentity;
import io.latchkey.identity.control.Directory;
import io.latchkey.identity.entity.DirectorySyncRun;
import io.latchkey.platform.Refusal;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.TransactionalException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The directory sync: every {@code latchkey.ldap.sync-interval} (default 15 minutes), once per cluster per
 * interval (the interval's number is a unique slot in {@code directory_syncs}), and when an admin asks.
 * Each active directory user of the directory's organization is looked up as the sign-in does: one the
 * user filter no longer finds (gone, or disabled) is deactivated, so their keys stop at once; the others'
 * roles are set from their groups.
 *
 * <p>A directory that cannot answer ends the run with an error and deactivates no one; so does a
 * directory that finds none of two or more users (a wrong search base or filter looks just like that).
 * A user deactivated by the sync is not reactivated by it: an admin decides.
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class DirectorySync {

    private static final Logger LOG = Logger.getLogger(DirectorySync.class.getName());

    @Resource
    TimerService timers;

    @Inject
    Directory directory;

    @Inject
    Admissions admissions;

    @Inject
    DirectorySyncSteps steps;

    @Inject
    Clock clock;

    @Inject
    @ConfigProperty(name = "latchkey.ldap.sync-interval", defaultValue = "PT15M")
    Duration interval;

    private final AtomicBoolean running = new AtomicBoolean();

    @PostConstruct
    void schedule() {
        if (!directory.isConfigured()) {
            return;
        }
        long every = Math.max(60_000, interval.toMillis());
        timers.createIntervalTimer(every, every, new jakarta.ejb.TimerConfig("directory-sync", false));
        LOG.info(() -> "Directory sync every " + Duration.ofMillis(every));
    }

    @Timeout
    void onTimer() {
        long every = Math.max(60_000, interval.toMillis());
        try {
            runInterval(clock.millis() / every);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Directory sync failed; the next interval retries", e);
        }
    }

    /** The timed run of interval number {@code slot}: empty when another instance (or an earlier timer) ran it. */
    public Optional<DirectorySyncRun> runInterval(long slot) {
        return run(DirectorySyncRun.Trigger.TIMER, slot);
    }

    /** A run now, for an admin: 409 {@code directory_not_configured}, or {@code sync_running} while one runs here. */
    public DirectorySyncRun runNow() {
        if (!directory.isUsable()) {
            throw Refusal.conflict("directory_not_configured", directory.misconfiguration()
                    .map(m -> "The directory is misconfigured: " + m).orElse("No LDAP directory is configured"));
        }
        return run(DirectorySyncRun.Trigger.ADMIN, null).orElseThrow(() ->
                Refusal.conflict("sync_running", "A directory sync is running; see GET /api/v1/directory/sync"));
    }

    public Optional<DirectorySyncRun> latest() {
        return steps.latest();
    }

    /** Whether an LDAP directory is configured at all (well or not). */
    public boolean isConfigured() {
        return directory.isConfigured();
    }

    public String organizationId() {
        return admissions.directoryOrganization().id();
    }

    private Optional<DirectorySyncRun> run(DirectorySyncRun.Trigger trigger, Long slot) {
        if (!directory.isUsable() || !running.compareAndSet(false, true)) {
            return Optional.empty();
        }
        try {
            DirectorySyncRun started;
            try {
                started = steps.start(slot, trigger);
            } catch (PersistenceException | TransactionalException taken) {
                LOG.fine(() -> "Another instance runs the directory sync of slot " + slot);
                return Optional.empty();
            }
            return Optional.of(sync(started.id()));
        } finally {
            running.set(false);
        }
    }

    private DirectorySyncRun sync(String runId) {
        String organizationId;
        List<DirectorySyncSteps.Member> members;
        try {
            organizationId = organizationId();
            members = steps.members(organizationId);
        } catch (Refusal refused) {
            return steps.finish(runId, 0, 0, 0, refused.getMessage());
        }
        Map<String, ExternalIdentity> present;
        try {
            present = directory.lookUp(members.stream().collect(Collectors.toMap(DirectorySyncSteps.Member::externalId,
                    DirectorySyncSteps.Member::email)));
        } catch (Directory.Unavailable e) {
            LOG.warning(() -> "Directory sync stopped, nobody deactivated: " + e.getMessage());
            return steps.finish(runId, members.size(), 0, 0, e.getMessage() + "; nobody was deactivated");
        }
        int rolesChanged = 0;
        int conflicts = 0;
        List<DirectorySyncSteps.Member> gone = new ArrayList<>();
        for (DirectorySyncSteps.Member member : members) {
            // known by id (entryUUID, objectGUID): a moved entry, or one with a new email, is the same user; another
            // entry with the user's email (theirs deleted, the email given to someone new) is not
            ExternalIdentity now = present.get(member.externalId());
            if (now == null) {
                gone.add(member);
                continue;
            }
            try {
                switch (steps.refresh(organizationId, member.userId(), now)) {
                    case ROLES_CHANGED -> rolesChanged++;
                    case DEACTIVATED -> conflicts++;
                    case UNCHANGED -> { }
                }
            } catch (RuntimeException e) {
                // one user changed meanwhile (their own transaction failed): the others, and the leavers, go on
                LOG.log(Level.WARNING, "Directory sync could not refresh user " + member.userId() + "; next run", e);
            }
        }
        if (gone.size() >= 2 && gone.size() == members.size()) {
            String error = "The directory found none of the " + members.size() + " directory users; nobody was deactivated"
                    + " (check LATCHKEY_LDAP_USER_SEARCH_BASE and LATCHKEY_LDAP_USER_SEARCH_FILTER)";
            LOG.warning(error);
            return steps.finish(runId, members.size(), 0, rolesChanged, error);
        }
        gone.forEach(member -> steps.deactivate(organizationId, member.userId()));
        int deactivated = gone.size() + conflicts;
        int changed = rolesChanged;
        LOG.info(() -> "Directory sync: " + members.size() + " checked, " + deactivated + " deactivated, " + changed
                + " with new roles");
        return steps.finish(runId, members.size(), deactivated, rolesChanged, null);
    }
}

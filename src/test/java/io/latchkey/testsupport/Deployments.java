package io.latchkey.testsupport;

import java.io.File;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The WAR that {@code mvn package} built, plus the test-only clock and log capture. */
public final class Deployments {

    /**
     * The test deployment's name, and so its context root: not {@code latchkey}, the application that a
     * server configured by the shipped files already knows (Open Liberty's server.xml names it), so that
     * the two never clash.
     */
    static final String NAME = "latchkey-it.war";

    private Deployments() {
    }

    public static WebArchive latchkey() {
        File war = new File(System.getProperty("latchkey.war", "target/latchkey.war"));
        return ShrinkWrap.create(WebArchive.class, NAME)
                .merge(ShrinkWrap.createFromZipFile(WebArchive.class, war))
                .addClasses(MovableClock.class, ClockResource.class, LogCapture.class, ScanResource.class,
                        SqlStatements.class, SqlProbeMarker.class, SqlStatementListener.class,
                        SqlStatementsResource.class, PasswordHashes.class, KeyUseResource.class, RefusedRename.class,
                        DirectorySyncResource.class, RoleLapseResource.class, ForgedSessions.class,
                        io.latchkey.grid.ForgedAcks.class);
    }
}

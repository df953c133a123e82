package io.latchkey.testsupport;

import java.io.File;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The WAR that {@code mvn package} built, plus the test-only clock and log capture. */
public final class Deployments {

    private Deployments() {
    }

    public static WebArchive latchkey() {
        File war = new File(System.getProperty("latchkey.war", "target/latchkey.war"));
        return ShrinkWrap.createFromZipFile(WebArchive.class, war)
                .addClasses(MovableClock.class, ClockResource.class, LogCapture.class, ScanResource.class,
                        SqlStatements.class, SqlProbeMarker.class, SqlStatementListener.class,
                        SqlStatementsResource.class, PasswordHashes.class, KeyUseResource.class);
    }
}

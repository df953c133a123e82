package io.latchkey.testsupport;

import java.net.URL;
import java.time.Duration;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What every integration test stands on: the built WAR (plus the test-only helpers) deployed on a real
 * server once for the whole run ({@link OneDeploymentPerRun}), tests running as its clients, and
 * {@link #api} pointed at it. The classes share that server, so each test starts with the server clock
 * where it belongs; everything else a test needs of its own it makes as data (an organization, users,
 * keys, a fresh client address).
 */
@ExtendWith(ArquillianExtension.class)
public abstract class DeployedLatchkey {

    /** A refusal or a bad input is an expected outcome: never an incident report on the server. */
    @RegisterExtension
    static final ServerIncidents INCIDENTS = new ServerIncidents();

    /** The test servers are configured with this provider: it is there for every class, as in production. */
    static {
        IdentityProvider.running();
    }

    @ArquillianResource
    protected URL url;

    protected Api api;

    @Deployment(testable = false)
    public static WebArchive deployment() {
        return Deployments.latchkey();
    }

    @BeforeEach
    void connect() {
        api = new Api(url);
        api.moveClock(Duration.ZERO);
    }
}

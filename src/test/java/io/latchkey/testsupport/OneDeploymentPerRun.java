package io.latchkey.testsupport;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Logger;
import org.jboss.arquillian.container.spi.client.container.DeployableContainer;
import org.jboss.arquillian.container.spi.client.protocol.metadata.ProtocolMetaData;
import org.jboss.arquillian.container.spi.context.annotation.DeploymentScoped;
import org.jboss.arquillian.container.spi.event.DeployDeployment;
import org.jboss.arquillian.container.spi.event.UnDeployDeployment;
import org.jboss.arquillian.container.spi.event.container.BeforeStop;
import org.jboss.arquillian.core.api.InstanceProducer;
import org.jboss.arquillian.core.api.annotation.Inject;
import org.jboss.arquillian.core.api.annotation.Observes;
import org.jboss.arquillian.core.spi.EventContext;
import org.jboss.arquillian.core.spi.LoadableExtension;
import org.jboss.shrinkwrap.api.Archive;

/**
 * The test WAR is deployed once per run, not once per test class: the first class that asks for a
 * deployment of a given name deploys it, every later class of the run is handed the same deployment (its
 * URL), and it is undeployed when Arquillian stops the container at the end of the run. On Payara Micro,
 * whose adapter starts a server process per deployment, that is one server start per run instead of one per
 * class; on WildFly and Open Liberty, one deployment instead of one per class.
 *
 * <p>Tests therefore share one application: each class makes its own organization and users (data, not a
 * fresh server, isolates them), and what lives in the server's memory across classes (the movable clock, the
 * throttle's counters) is reset or keyed so that no class depends on another's order
 * ({@link DeployedLatchkey}). Classes that need other settings start servers of their own
 * ({@link PayaraMicroProcess}).
 */
public final class OneDeploymentPerRun implements LoadableExtension {

    /**
     * On for every server (on Payara Micro a deployment costs a server start, on WildFly and Open Liberty a few
     * seconds each); {@code -Dlatchkey.it.oneDeployment=false} deploys once per class again, to rule sharing out
     * when a test fails only after another.
     */
    @Override
    public void register(ExtensionBuilder builder) {
        if (Boolean.parseBoolean(System.getProperty("latchkey.it.oneDeployment", "true"))) {
            builder.observer(Sharing.class);
        }
    }

    /** Deploys each archive name once per container and run; hands later classes the first deployment. */
    public static final class Sharing {

        private static final Logger LOG = Logger.getLogger(OneDeploymentPerRun.class.getName());

        /** Deployed archives by container and archive name, in the order deployed. */
        private static final Map<String, Shared> DEPLOYED = new LinkedHashMap<>();

        @Inject
        @DeploymentScoped
        private InstanceProducer<ProtocolMetaData> protocolMetaData;

        /** Runs inside the deployment's context (activated by Arquillian's outer interceptor). */
        public void deploy(@Observes(precedence = -100) EventContext<DeployDeployment> context) {
            DeployDeployment event = context.getEvent();
            String key = key(event.getContainer().getName(), event.getDeployment().getDescription().getName());
            Shared shared = DEPLOYED.get(key);
            if (shared != null) {
                protocolMetaData.set(shared.metaData());
                event.getDeployment().deployed();
                return;
            }
            context.proceed();
            if (event.getDeployment().isDeployed() && event.getDeployment().getDescription().isArchiveDeployment()) {
                DEPLOYED.put(key, new Shared(event.getDeployableContainer(),
                        event.getDeployment().getDescription().getArchive(), protocolMetaData.get()));
            }
        }

        /** A shared deployment outlives its class: it is undeployed when its container stops. */
        public void undeploy(@Observes(precedence = -100) EventContext<UnDeployDeployment> context) {
            UnDeployDeployment event = context.getEvent();
            if (!DEPLOYED.containsKey(key(event.getContainer().getName(), event.getDeployment().getDescription().getName()))) {
                context.proceed();
            }
        }

        public void undeployAtStop(@Observes BeforeStop event) {
            DEPLOYED.entrySet().removeIf(entry -> {
                if (entry.getValue().container() != event.getDeployableContainer()) {
                    return false;
                }
                try {
                    entry.getValue().container().undeploy(entry.getValue().archive());
                } catch (Exception e) {
                    LOG.warning("could not undeploy " + entry.getKey() + " at the end of the run: " + e);
                }
                return true;
            });
        }

        private static String key(String container, String deployment) {
            return container + '/' + deployment;
        }
    }

    private record Shared(DeployableContainer<?> container, Archive<?> archive, ProtocolMetaData metaData) {
    }
}

package io.latchkey.accounts.control;

import io.latchkey.accounts.entity.KeyPolicy;
import jakarta.enterprise.event.Startup;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The key policy a new organization starts with, from configuration. */
@ApplicationScoped
public class PolicyDefaults {

    /** Reads its configuration at start-up (see {@link io.latchkey.platform}). */
    void atStartup(@Observes Startup startup) {
    }

    @Inject
    @ConfigProperty(name = "latchkey.policy.max-key-lifetime-days", defaultValue = "365")
    int maxKeyLifetimeDays;

    @Inject
    @ConfigProperty(name = "latchkey.policy.default-key-lifetime-days", defaultValue = "180")
    int defaultKeyLifetimeDays;

    @Inject
    @ConfigProperty(name = "latchkey.policy.max-keys-per-user", defaultValue = "100")
    int maxKeysPerUser;

    public KeyPolicy keyPolicy() {
        return new KeyPolicy(maxKeyLifetimeDays, defaultKeyLifetimeDays, maxKeysPerUser);
    }
}

package io.latchkey.keys.control;

import jakarta.enterprise.event.Startup;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Makes the installation's {@link SecretCodec} from configuration. */
@ApplicationScoped
public class Secrets {

    /** Makes the codec, and so reads its configuration, at start-up (see {@link io.latchkey.platform}). */
    void atStartup(@Observes Startup startup, SecretCodec codec) {
    }

    @Produces
    @Singleton
    SecretCodec codec(@ConfigProperty(name = "latchkey.key-prefix", defaultValue = "lk") String prefix) {
        return new SecretCodec(prefix, new SecureRandom());
    }
}

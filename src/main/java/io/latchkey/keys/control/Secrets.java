package io.latchkey.keys.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Makes the installation's {@link SecretCodec} from configuration. */
@ApplicationScoped
public class Secrets {

    @Produces
    @Singleton
    SecretCodec codec(@ConfigProperty(name = "latchkey.key-prefix", defaultValue = "lk") String prefix) {
        return new SecretCodec(prefix, new SecureRandom());
    }
}

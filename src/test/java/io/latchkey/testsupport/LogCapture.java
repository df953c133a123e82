package io.latchkey.testsupport;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.FileHandler;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Test deployments only: copies every server log record (all loggers, all levels down to FINE) to the
 * file named by the {@code LATCHKEY_IT_LOG} environment variable, so tests can search the log for
 * secrets.
 */
@Singleton
@Startup
public class LogCapture {

    private FileHandler handler;

    @PostConstruct
    void start() {
        String file = System.getenv("LATCHKEY_IT_LOG");
        if (file == null) {
            return;
        }
        try {
            Files.createDirectories(Path.of(file).getParent());
            handler = new FileHandler(file, true);
            handler.setFormatter(new SimpleFormatter());
            handler.setLevel(Level.FINE);
            Logger.getLogger("").addHandler(handler);
        } catch (IOException e) {
            throw new IllegalStateException("cannot capture the log to " + file, e);
        }
    }

    @PreDestroy
    void stop() {
        if (handler != null) {
            Logger.getLogger("").removeHandler(handler);
            handler.close();
        }
    }
}

package io.latchkey.bench;

import com.github.benmanes.caffeine.cache.Caffeine;
import io.latchkey.bench.sample.BenchApp;
import io.latchkey.bench.sample.EveryoneIn;
import io.latchkey.bench.sample.EveryoneInModule;
import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The two WARs of the client JAR's figures: {@code orders-jar.war}, {@link BenchApp} with the built client JAR and
 * Caffeine in {@code WEB-INF/lib} and the settings that point it at the benchmark's Latchkey, and
 * {@code orders-open.war}, the same application without them (no authentication at all) and without the timing resource,
 * {@code orders-constant.war}, the same with {@link EveryoneIn}: a mechanism that checks nothing, and
 * {@code orders-module.war}, the same with {@link EveryoneInModule}: a Jakarta Authentication module that checks nothing.
 */
final class BenchApps {

    private BenchApps() {
    }

    static List<Path> write(Path dir, String latchkeyBase, String verifierKey) throws URISyntaxException {
        Path withJar = dir.resolve("orders-jar.war");
        application("orders-jar.war").addClass(BenchApp.CheckTimings.class)
                .addAsLibraries(new File(System.getProperty("bench.clientJar")),
                        new File(Caffeine.class.getProtectionDomain().getCodeSource().getLocation().toURI()))
                .addAsResource(new StringAsset("latchkey.url=" + latchkeyBase + "/\nlatchkey.verifier-key=" + verifierKey + "\n"),
                        "META-INF/microprofile-config.properties")
                .as(ZipExporter.class).exportTo(withJar.toFile(), true);
        Path open = dir.resolve("orders-open.war");
        application("orders-open.war").as(ZipExporter.class).exportTo(open.toFile(), true);
        Path constant = dir.resolve("orders-constant.war");
        application("orders-constant.war").addClass(EveryoneIn.class).as(ZipExporter.class)
                .exportTo(constant.toFile(), true);
        Path module = dir.resolve("orders-module.war");
        application("orders-module.war").addClass(EveryoneInModule.class).as(ZipExporter.class)
                .exportTo(module.toFile(), true);
        return List.of(withJar, open, constant, module);
    }

    private static WebArchive application(String name) {
        return ShrinkWrap.create(WebArchive.class, name)
                .addClasses(BenchApp.class, BenchApp.Orders.class, BenchApp.Catalog.class)
                .addAsWebInfResource(new StringAsset("<beans xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" version=\"4.0\""
                        + " bean-discovery-mode=\"annotated\"/>"), "beans.xml");
    }
}

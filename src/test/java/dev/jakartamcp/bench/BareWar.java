package dev.jakartamcp.bench;

import com.nimbusds.jose.JWSObject;
import dev.jakartamcp.bench.bare.BareApplication;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.ByteArrayAsset;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Builds the bare WAR (test code only, never shipped): the JAX-RS classes of {@code dev.jakartamcp.bench.bare}, nimbus
 * in WEB-INF/lib (the same jar the product bundles), and the two answers the product gave, as resources.
 */
final class BareWar {
    private BareWar() {
    }

    static Path build(Path dir, String modernAnswer, String sessionAnswer) throws IOException {
        Files.createDirectories(dir);
        Path war = dir.resolve("bare.war");
        WebArchive archive = ShrinkWrap.create(WebArchive.class, "bare.war")
                .addPackage(BareApplication.class.getPackage())
                .addAsLibrary(nimbusJar())
                .addAsResource(new ByteArrayAsset(modernAnswer.getBytes(StandardCharsets.UTF_8)), "bench/modern.json")
                .addAsResource(new ByteArrayAsset(sessionAnswer.getBytes(StandardCharsets.UTF_8)), "bench/session.json");
        archive.as(ZipExporter.class).exportTo(war.toFile(), true);
        return war;
    }

    /** The nimbus-jose-jwt jar on this class path (the product's dependency, same version). */
    private static File nimbusJar() {
        try {
            File jar = new File(JWSObject.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (!jar.isFile()) {
                throw new IllegalStateException("nimbus-jose-jwt is not a jar on the class path: " + jar);
            }
            return jar;
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}

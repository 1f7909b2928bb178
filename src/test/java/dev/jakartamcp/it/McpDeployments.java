package dev.jakartamcp.it;

import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

import java.io.File;
import java.net.URI;
import java.net.URL;
import java.util.Map;
import java.util.stream.Collectors;

/** Test deployments: the product WAR exactly as built, plus test classes and configuration where a test needs them. */
public final class McpDeployments {
    private McpDeployments() {
    }

    /**
     * The packaged WAR, deployed at context root "/" (ROOT.war), with extra MicroProfile Config properties.
     * Authorization is off unless {@code config} sets {@code mcp.auth.enabled}.
     *
     * <p>The same archive runs on every server: Payara Micro maps {@code ROOT.war} to "/", and on OpenLiberty
     * {@link LibertyArquillianExtension} adds {@code WEB-INF/ibm-web-ext.xml} for it (an archive of another name, such
     * as {@code tv.war}, keeps its name as context root everywhere). The properties file has ordinal 100, above the
     * {@code <variable defaultValue=…>} entries of Liberty's server.xml (ordinal 1), so it wins there as on Payara.
     */
    public static WebArchive product(Map<String, String> config) {
        File war = new File(System.getProperty("mcp.war", "target/jakarta-mcp-server.war"));
        WebArchive archive = ShrinkWrap.create(ZipImporter.class, "ROOT.war").importFrom(war).as(WebArchive.class);
        String properties = config.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("\n"));
        // the suites send hundreds of requests as one caller (127.0.0.1 with authorization off); LimitsIT tests the limit
        String defaults = "mcp.examples.enabled=true\n" + (config.containsKey("mcp.auth.enabled") ? "" : "mcp.auth.enabled=false\n")
                + (config.containsKey("mcp.rate-limit.requests-per-minute") ? "" : "mcp.rate-limit.requests-per-minute=100000\n");
        // the product's own file (Payara's mp.config.cache.duration among it) stays, with the test's values after it
        String shipped = "/WEB-INF/classes/META-INF/microprofile-config.properties";
        String product = "";
        if (archive.contains(shipped)) {
            try (java.io.InputStream in = archive.get(shipped).getAsset().openStream()) {
                product = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8) + "\n";
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        archive.addAsResource(new StringAsset(product + defaults + properties + "\n"), "META-INF/microprofile-config.properties");
        return archive;
    }

    /** The product plus the conformance fixture (test code only). */
    public static WebArchive withConformanceFixture(Map<String, String> config) {
        return product(config).addPackage("dev.jakartamcp.conformance");
    }

    /**
     * Arquillian reports Payara Micro's cluster address, or "localhost" on Liberty; the listener is bound to loopback
     * only (Payara's preboot file, Liberty's server.xml), so the tests talk to 127.0.0.1 on the same port.
     */
    public static URI endpoint(URL deployed) {
        return URI.create("http://127.0.0.1:" + deployed.getPort() + "/mcp");
    }
}

package dev.jakartamcp.it;

import dev.jakartamcp.e2e.Http;
import dev.jakartamcp.e2e.OwnLiberty;
import dev.jakartamcp.e2e.TestFiles;
import org.jboss.arquillian.config.descriptor.api.ContainerDef;
import org.jboss.arquillian.container.spi.Container;
import org.jboss.arquillian.container.spi.ContainerRegistry;
import org.jboss.arquillian.container.spi.client.container.DeployableContainer;
import org.jboss.arquillian.container.spi.event.container.AfterStop;
import org.jboss.arquillian.container.spi.event.container.AfterUnDeploy;
import org.jboss.arquillian.container.spi.event.container.BeforeDeploy;
import org.jboss.arquillian.container.spi.event.container.BeforeSetup;
import org.jboss.arquillian.core.api.Instance;
import org.jboss.arquillian.core.api.annotation.Inject;
import org.jboss.arquillian.core.api.annotation.Observes;
import org.jboss.arquillian.core.spi.LoadableExtension;
import org.jboss.shrinkwrap.api.Archive;
import org.jboss.shrinkwrap.api.asset.StringAsset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What the OpenLiberty managed Arquillian adapter ({@code arquillian-liberty-managed-jakarta}) needs around it so that
 * the Arquillian ITs run on Liberty unchanged (failsafe execution {@code liberty-arquillian}, container qualifier
 * {@code liberty} in {@code arquillian.xml}). It does nothing for any other adapter.
 *
 * <ul>
 *   <li><b>A fresh server per run, on a free loopback port.</b> Before the adapter starts Liberty, this creates
 *       {@code wlp/usr/servers/<prefix><port>} (prefix = the configured {@code serverName}, e.g. {@code mcpArq41235})
 *       from the product's {@code server-config/liberty/server.xml} (without its {@code <webApplication>}: the tests
 *       deploy their own archives, and an application that cannot be found keeps readiness DOWN) plus the test-only
 *       {@code src/test/liberty/arquillian.xml} in {@code configDropins/overrides} (feature {@code localConnector-1.0},
 *       through which the adapter deploys and reads the port) and a {@code http.port} variable. The product
 *       server.xml binds the listener to 127.0.0.1. The adapter recognises "its" server among all JVMs on the machine
 *       by a substring of the server name, so a fixed name would collide with a parallel build's Liberty; the port
 *       makes the name unique. Servers of earlier runs of this checkout are deleted first.</li>
 *   <li><b>{@code ROOT.war} at "/".</b> Liberty takes a dropin's context root from its file name ({@code /ROOT});
 *       Payara Micro maps {@code ROOT} to "/". For a {@code ROOT.war} without one, this adds
 *       {@code WEB-INF/ibm-web-ext.xml} with {@code context-root="/"} (Liberty's own descriptor, which the adapter
 *       also reads to build the deployment's URL). Other archives keep their name, e.g. {@code tv.war} at {@code /tv}.</li>
 *   <li><b>The log.</b> After the server stopped, its {@code messages.log} is copied to
 *       {@code ${mcp.build.dir}/messages.log} (the server directory stays until the next run).</li>
 * </ul>
 *
 * Registered in {@code META-INF/services/org.jboss.arquillian.core.spi.LoadableExtension}.
 */
public final class LibertyArquillianExtension implements LoadableExtension {
    static final String ADAPTER = "io.openliberty.arquillian.managed.WLPManagedContainer";
    static final String IBM_WEB_EXT = "WEB-INF/ibm-web-ext.xml";

    @Override
    public void register(ExtensionBuilder builder) {
        builder.observer(LibertyRun.class);
    }

    static boolean isLiberty(DeployableContainer<?> container) {
        return container != null && ADAPTER.equals(container.getClass().getName());
    }

    /** The observer; Arquillian creates one per test run (JVM). */
    public static final class LibertyRun {
        @Inject
        private Instance<ContainerRegistry> registry;

        private static final String EXECUTOR_OVERRIDE = "configDropins/overrides/test-http-threads.xml";

        private Path serverDir;

        public void createServer(@Observes BeforeSetup event) throws IOException {
            if (!isLiberty(event.getDeployableContainer())) {
                return;
            }
            ContainerDef def = registry.get().getContainers().stream()
                    .filter(c -> c.getDeployableContainer() == event.getDeployableContainer())
                    .map(Container::getContainerConfiguration).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no Arquillian container for " + ADAPTER));
            String wlpHome = def.getContainerProperty("wlpHome");
            if (wlpHome == null || wlpHome.contains("${") || !Files.isDirectory(Path.of(wlpHome, "lib"))) {
                throw new IllegalStateException("wlpHome '" + wlpHome + "' is no Liberty runtime: run with the liberty "
                        + "profile (mvn verify), which installs it into target/liberty/wlp and sets -Dliberty.wlp");
            }
            String prefix = def.getContainerProperty("serverName");
            Path servers = Path.of(wlpHome, "usr", "servers");
            Files.createDirectories(servers);
            try (Stream<Path> old = Files.list(servers)) {
                for (Path stale : old.filter(p -> p.getFileName().toString().matches(prefix + "\\d{5}")).toList()) {
                    TestFiles.deleteTree(stale);
                }
            }

            int port = Http.freePort();
            String name = prefix + String.format("%05d", port);
            serverDir = servers.resolve(name);
            Path overrides = Files.createDirectories(serverDir.resolve("configDropins/overrides"));
            String serverXml = Files.readString(Path.of(System.getProperty("liberty.serverXml", "server-config/liberty/server.xml")));
            Files.writeString(serverDir.resolve("server.xml"), OwnLiberty.withoutProductApplication(serverXml));
            Files.copy(Path.of(System.getProperty("liberty.arquillianXml", "src/test/liberty/arquillian.xml")),
                    overrides.resolve("arquillian.xml"));
            Files.writeString(overrides.resolve("arquillian-port.xml"), """
                    <?xml version="1.0" encoding="UTF-8"?>
                    <!-- written by LibertyArquillianExtension for this run -->
                    <server>
                        <variable name="http.port" value="%d"/>
                    </server>
                    """.formatted(port));
            def.overrideProperty("serverName", name);
            System.out.println("Liberty server for this run: " + serverDir + " (http://127.0.0.1:" + port + ")");
        }

        public void rootContext(@Observes BeforeDeploy event) {
            if (!isLiberty(event.getDeployableContainer()) || !event.getDeployment().isArchiveDeployment()) {
                return;
            }
            Archive<?> archive = event.getDeployment().getArchive();
            if (archive.getName().equals("ROOT.war") && !archive.contains(IBM_WEB_EXT)) {
                archive.add(new StringAsset("""
                        <?xml version="1.0" encoding="UTF-8"?>
                        <web-ext xmlns="http://websphere.ibm.com/xml/ns/javaee"
                                 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                                 xsi:schemaLocation="http://websphere.ibm.com/xml/ns/javaee http://websphere.ibm.com/xml/ns/javaee/ibm-web-ext_1_1.xsd"
                                 version="1.1">
                            <context-root uri="/"/>
                        </web-ext>
                        """), IBM_WEB_EXT);
            }
        }

        /**
         * A deployment that asks for an HTTP pool of its own size ({@link TestHttpThreads}) gets it as the server's
         * executor (Liberty serves HTTP from its one executor and applies the change while it runs) until undeployed.
         */
        public void httpThreads(@Observes BeforeDeploy event) throws IOException {
            if (!isLiberty(event.getDeployableContainer()) || serverDir == null) {
                return;
            }
            Optional<Integer> threads = TestHttpThreads.requested(event.getDeployment());
            if (threads.isPresent()) {
                Files.writeString(serverDir.resolve(EXECUTOR_OVERRIDE), """
                        <?xml version="1.0" encoding="UTF-8"?>
                        <!-- written by LibertyArquillianExtension for one deployment -->
                        <server>
                            <executor coreThreads="%1$d" maxThreads="%1$d"/>
                        </server>
                        """.formatted(threads.get()));
                try {
                    // the server polls its configuration (monitorInterval 500 ms)
                    Thread.sleep(2000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        public void defaultHttpThreads(@Observes AfterUnDeploy event) throws IOException {
            if (isLiberty(event.getDeployableContainer()) && serverDir != null) {
                Files.deleteIfExists(serverDir.resolve(EXECUTOR_OVERRIDE));
            }
        }

        public void keepLog(@Observes AfterStop event) throws IOException {
            if (!isLiberty(event.getDeployableContainer()) || serverDir == null) {
                return;
            }
            Path messages = serverDir.resolve("logs/messages.log");
            if (Files.exists(messages)) {
                Path out = Files.createDirectories(Path.of(System.getProperty("mcp.build.dir", "target/liberty-arquillian")));
                Files.copy(messages, out.resolve("messages.log"), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}

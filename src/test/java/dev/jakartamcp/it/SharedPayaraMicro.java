package dev.jakartamcp.it;

import org.jboss.arquillian.container.spi.ConfigurationException;
import org.jboss.arquillian.container.spi.client.container.ContainerConfiguration;
import org.jboss.arquillian.container.spi.client.container.DeployableContainer;
import org.jboss.arquillian.container.spi.client.container.DeploymentException;
import org.jboss.arquillian.container.spi.client.container.LifecycleException;
import org.jboss.arquillian.container.spi.client.protocol.ProtocolDescription;
import org.jboss.arquillian.container.spi.client.protocol.metadata.HTTPContext;
import org.jboss.arquillian.container.spi.client.protocol.metadata.ProtocolMetaData;
import org.jboss.arquillian.container.spi.client.protocol.metadata.Servlet;
import org.jboss.shrinkwrap.api.Archive;
import org.jboss.shrinkwrap.descriptor.api.Descriptor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Arquillian container of the Payara Micro executions: <b>one</b> Payara Micro per test run (failsafe JVM),
 * {@link RunningPayaraMicro}, into which each test class's archive is deployed and from which it is undeployed
 * again, as the Liberty adapter does with its one server. Payara's managed adapter
 * ({@code arquillian-payara-micro-managed}, used before) started a Payara Micro per test class, about 12 s each,
 * which made the two Payara executions the longest part of the build.
 *
 * <p>An archive keeps its name as application name and context root ({@code ROOT.war} at "/", {@code tv.war} at
 * {@code /tv}), as with the managed adapter. A deployment that asks for an HTTP thread pool of its own size
 * ({@link TestHttpThreads}) gets a Payara Micro of its own booted with it (Payara sizes the pool when it boots),
 * stopped when the archive is undeployed, while the run's server waits; a run's server that exited is replaced at the
 * next deployment.
 * The server's log is {@code ${mcp.build.dir}/payara-arquillian/payara-<n>.log}; what it logged while an archive was
 * deployed is printed to the test's output when the archive is undeployed (failsafe keeps it per test class), and a
 * deployment that fails quotes it in the exception.
 */
public final class SharedPayaraMicro implements DeployableContainer<SharedPayaraMicro.Configuration> {
    private static final int LOG_LINES_QUOTED = 80;

    private final Map<String, Deployed> deployed = new HashMap<>();
    private Configuration configuration;
    /** The Payara Micro of the run, with Payara's default HTTP pool. */
    private RunningPayaraMicro shared;
    private int starts;

    /** A deployed archive: the server it is on (its own, for an HTTP pool of its own size) and where its log began. */
    private record Deployed(RunningPayaraMicro server, boolean ownServer, long logOffset) {
    }

    /** {@code arquillian.xml}'s properties; the build's system properties are the defaults. */
    public static final class Configuration implements ContainerConfiguration {
        private String microJar = System.getProperty("payara.microJar");
        private String extraMicroOptions = System.getProperty("payara.extraMicroOptions", "");
        private String cmdOptions = System.getProperty("payara.cmdOptions", "");
        private int startupTimeoutInSeconds = 120;
        private int startAttempts = 3;

        @Override
        public void validate() throws ConfigurationException {
            if (microJar == null || !Files.isRegularFile(Path.of(microJar))) {
                throw new ConfigurationException("microJar '" + microJar + "' is no Payara Micro jar: run through Maven "
                        + "(mvn verify copies it to target/payara-micro.jar and sets -Dpayara.microJar)");
            }
            if (startupTimeoutInSeconds < 1) {
                throw new ConfigurationException("startupTimeoutInSeconds must be positive");
            }
            if (startAttempts < 1) {
                throw new ConfigurationException("startAttempts must be positive");
            }
        }

        public void setMicroJar(String microJar) {
            this.microJar = microJar;
        }

        public void setExtraMicroOptions(String extraMicroOptions) {
            this.extraMicroOptions = extraMicroOptions;
        }

        public void setCmdOptions(String cmdOptions) {
            this.cmdOptions = cmdOptions;
        }

        public void setStartupTimeoutInSeconds(int startupTimeoutInSeconds) {
            this.startupTimeoutInSeconds = startupTimeoutInSeconds;
        }

        public void setStartAttempts(int startAttempts) {
            this.startAttempts = startAttempts;
        }
    }

    @Override
    public Class<Configuration> getConfigurationClass() {
        return Configuration.class;
    }

    @Override
    public void setup(Configuration configuration) {
        this.configuration = configuration;
    }

    @Override
    public ProtocolDescription getDefaultProtocol() {
        // every deployment is testable = false: the tests are HTTP clients of the server
        return new ProtocolDescription("Local");
    }

    @Override
    public void start() throws LifecycleException {
        Runtime.getRuntime().addShutdownHook(new Thread(this::stopServers, "payara-micro-stop"));
        try {
            shared = launch(Optional.empty());
        } catch (IOException | RuntimeException e) {
            throw new LifecycleException("Payara Micro did not start", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LifecycleException("interrupted while Payara Micro started", e);
        }
    }

    @Override
    public void stop() {
        stopServers();
    }

    @Override
    public ProtocolMetaData deploy(Archive<?> archive) throws DeploymentException {
        String name = applicationName(archive);
        String contextRoot = name.equals("ROOT") ? "/" : "/" + name;
        RunningPayaraMicro server = null;
        boolean recorded = false;
        try {
            Optional<Integer> threads = TestHttpThreads.requested(archive);
            if (threads.isPresent()) {
                server = launch(threads);
            } else {
                if (shared != null && !shared.alive()) {
                    // the classes after one that brought the server down still run, on a new one
                    System.out.println("The Payara Micro of this run exited; the end of its log:\n" + shared.tail(LOG_LINES_QUOTED));
                    shared = null;
                }
                if (shared == null) {
                    shared = launch(threads);
                }
                server = shared;
            }
            RunningPayaraMicro.Deployment deployment = server.deploy(archive, name, contextRoot);
            if (!deployment.deployed()) {
                List<String> lines = deployment.log().lines().toList();
                throw new DeploymentException(name + " did not deploy on Payara Micro (" + deployment.status() + " " + deployment.answer()
                        + "); the end of what the server logged meanwhile:\n"
                        + String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_LINES_QUOTED), lines.size())));
            }
            deployed.put(name, new Deployed(server, server != shared, deployment.logOffset()));
            recorded = true;
            System.out.println("Deployed " + name + " at " + contextRoot + " on Payara Micro http://127.0.0.1:" + server.port()
                    + " (log " + server.log() + ")");
        } catch (IOException e) {
            throw new DeploymentException("cannot deploy " + name + " on Payara Micro", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeploymentException("interrupted while deploying " + name, e);
        } finally {
            if (server != null && server != shared && !recorded) {
                server.stop(); // a server of the deployment's own that did not get it
            }
        }
        HTTPContext context = new HTTPContext("127.0.0.1", server.port());
        context.add(new Servlet(name, contextRoot));
        return new ProtocolMetaData().addContext(context);
    }

    @Override
    public void undeploy(Archive<?> archive) throws DeploymentException {
        String name = applicationName(archive);
        Deployed on = deployed.remove(name);
        if (on == null) {
            return;
        }
        try {
            boolean undeployed = on.server().undeploy(name);
            System.out.println("--- what Payara Micro logged while " + name + " was deployed ---");
            System.out.println(on.server().logSince(on.logOffset()));
            if (!undeployed) {
                throw new DeploymentException(name + " was not deployed on Payara Micro");
            }
        } catch (IOException e) {
            throw new DeploymentException("cannot undeploy " + name + " from Payara Micro", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeploymentException("interrupted while undeploying " + name, e);
        } finally {
            if (on.ownServer()) {
                on.server().stop();
            }
        }
    }

    @Override
    public void deploy(Descriptor descriptor) {
        throw new UnsupportedOperationException("descriptors are not deployed");
    }

    @Override
    public void undeploy(Descriptor descriptor) {
        throw new UnsupportedOperationException("descriptors are not deployed");
    }

    /**
     * Starts a Payara Micro, another when one does not answer within the start-up timeout or exits first: Payara Micro
     * 7 has been seen to deadlock while booting, before any archive was deployed (its boot waiting on an HK2 run
     * level while Hazelcast's tenant factory waited for the HK2 service locator), about one start in thirty on the
     * 2-core CI machine; every class of the run would then have failed. Each failed start's thread dump and log stay
     * next to the new one's.
     */
    private RunningPayaraMicro launch(Optional<Integer> httpThreads) throws IOException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                RunningPayaraMicro server = RunningPayaraMicro.start(Path.of(configuration.microJar), configuration.cmdOptions,
                        configuration.extraMicroOptions, httpThreads, Path.of(System.getProperty("mcp.build.dir", "target"), "payara-arquillian"),
                        ++starts, Duration.ofSeconds(configuration.startupTimeoutInSeconds));
                System.out.println("Payara Micro " + (httpThreads.isEmpty() ? "of this run" : "with " + httpThreads.get() + " HTTP threads")
                        + ": http://127.0.0.1:" + server.port() + ", log " + server.log());
                return server;
            } catch (IllegalStateException e) {
                if (attempt >= configuration.startAttempts) {
                    throw e;
                }
                System.out.println("Payara Micro did not start (attempt " + attempt + " of " + configuration.startAttempts
                        + "), starting another: " + e.getMessage());
            }
        }
    }

    private synchronized void stopServers() {
        deployed.values().stream().filter(Deployed::ownServer).forEach(d -> d.server().stop());
        RunningPayaraMicro running = shared;
        shared = null;
        if (running != null) {
            running.stop();
        }
    }

    private static String applicationName(Archive<?> archive) {
        String name = archive.getName();
        return name.endsWith(".war") ? name.substring(0, name.length() - 4) : name;
    }
}

package dev.jakartamcp.it;

import dev.jakartamcp.e2e.PayaraMicro;
import org.jboss.arquillian.config.descriptor.api.ContainerDef;
import org.jboss.arquillian.container.spi.Container;
import org.jboss.arquillian.container.spi.ContainerRegistry;
import org.jboss.arquillian.container.spi.client.deployment.DeploymentDescription;
import org.jboss.arquillian.container.spi.event.container.BeforeDeploy;
import org.jboss.arquillian.container.spi.event.container.BeforeSetup;
import org.jboss.arquillian.core.api.Instance;
import org.jboss.arquillian.core.api.annotation.Inject;
import org.jboss.arquillian.core.api.annotation.Observes;
import org.jboss.arquillian.core.spi.LoadableExtension;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps the Payara Micro that the managed Arquillian adapter ({@code arquillian-payara-micro-managed}) starts on
 * loopback. Left alone, the adapter passes {@code --nocluster}, and Payara Micro's data grid then still listens on
 * every interface (or, without that option, discovers members by multicast). Before the adapter starts Payara, this
 * turns the adapter's own cluster switch off and adds {@link PayaraMicro#loopbackJvmOptions()} to whatever
 * {@code payara.cmdOptions} the build set; before each deployment (the adapter starts a Payara Micro per deployment),
 * it gives that Payara Micro a one-member TCP/IP grid of its own: a loopback port found free right then and a cluster
 * name of its own ({@link PayaraMicro#singleNodeGridOptions()}), added to the build's {@code payara.extraMicroOptions}.
 * A port chosen once per run would sit unused between deployments, where another server of the run may take it; a
 * Payara Micro whose only member address is then held by a listener that does not answer as a grid member waits
 * Hazelcast's whole join time (300 s) and exits without deploying. A Payara Micro of an earlier deployment of this
 * run that is still alive (the adapter does not wait for its end) is ended before the next starts. The build's
 * preboot command file is replaced by a copy of this run, to which a deployment that asks for an HTTP thread pool of
 * its own size ({@link TestHttpThreads}) adds the command that sizes it. It does nothing for any other adapter.
 *
 * Registered in {@code META-INF/services/org.jboss.arquillian.core.spi.LoadableExtension}.
 */
public final class PayaraArquillianExtension implements LoadableExtension {
    static final String ADAPTER = "fish.payara.arquillian.container.payara.managed.PayaraMicroDeployableContainer";
    private static final Pattern PREBOOT = Pattern.compile("--prebootcommandfile\\s+(\\S+)");

    @Override
    public void register(ExtensionBuilder builder) {
        builder.observer(PayaraRun.class);
    }

    /** The observer; Arquillian creates one per test run (JVM). */
    public static final class PayaraRun {
        private static final Duration LEFTOVER_EXIT = Duration.ofSeconds(30);

        @Inject
        private Instance<ContainerRegistry> registry;

        /** The build's Micro options with this run's preboot file; each deployment adds a grid of its own. */
        private String microOptions;

        /** The preboot commands the build configured, and this run's copy of them Payara Micro boots with. */
        private String basePreboot = "";
        private Path runPreboot;

        public void keepOnLoopback(@Observes BeforeSetup event) {
            if (!isPayaraMicro(event.getDeployableContainer())) {
                return;
            }
            ContainerDef def = registry.get().getContainers().stream()
                    .filter(c -> c.getDeployableContainer() == event.getDeployableContainer())
                    .map(Container::getContainerConfiguration).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no Arquillian container for " + ADAPTER));
            microOptions = withRunPreboot(System.getProperty("payara.extraMicroOptions"));
            def.overrideProperty("clusterEnabled", "true");
            def.overrideProperty("cmdOptions", join(System.getProperty("payara.cmdOptions"), PayaraMicro.loopbackJvmOptions()));
            def.overrideProperty("extraMicroOptions", microOptions);
        }

        /** Before the adapter starts this deployment's Payara Micro, in this order. */
        public void beforeStart(@Observes BeforeDeploy event) throws IOException, ReflectiveOperationException {
            if (runPreboot == null || !isPayaraMicro(event.getDeployableContainer())) {
                return;
            }
            endLeftover();
            httpThreads(event.getDeployment());
            gridOfItsOwn(event.getDeployableContainer());
        }

        /** This deployment's Payara Micro gets a grid port free right now and a cluster name no other one has. */
        private void gridOfItsOwn(Object adapter) throws ReflectiveOperationException {
            List<String> grid = PayaraMicro.singleNodeGridOptions();
            // the adapter reads its configuration at every deploy; it is not on the class path of the other servers' runs
            Field field = adapter.getClass().getDeclaredField("configuration");
            field.setAccessible(true);
            Object configuration = field.get(adapter);
            configuration.getClass().getMethod("setExtraMicroOptions", String.class).invoke(configuration, join(microOptions, grid));
            System.out.println("Payara Micro of this deployment keeps its data grid on loopback: " + String.join(" ", grid));
        }

        /**
         * The build's Micro options with its preboot command file replaced by a copy of this run, which
         * {@link #httpThreads} rewrites before each deployment.
         */
        private String withRunPreboot(String configured) {
            String options = configured == null ? "" : configured;
            Matcher option = PREBOOT.matcher(options);
            try {
                if (option.find()) {
                    basePreboot = Files.readString(Path.of(option.group(1)));
                    options = options.substring(0, option.start()) + options.substring(option.end());
                }
                runPreboot = Files.createTempFile("mcp-arquillian-preboot", ".txt");
                runPreboot.toFile().deleteOnExit();
                Files.writeString(runPreboot, basePreboot);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            // one space between options: the adapter splits at each space and Payara Micro refuses an empty argument
            return (options + " --prebootcommandfile " + runPreboot).trim().replaceAll("\\s+", " ");
        }

        /** A deployment that asks for an HTTP pool of its own size ({@link TestHttpThreads}) boots with it. */
        private void httpThreads(DeploymentDescription deployment) throws IOException {
            String pool = TestHttpThreads.requested(deployment)
                    .map(n -> "\nset configs.config.server-config.thread-pools.thread-pool.http-thread-pool.max-thread-pool-size=" + n + "\n")
                    .orElse("");
            Files.writeString(runPreboot, basePreboot + pool);
        }

        /** Ends a Payara Micro of this run (its command line names this run's preboot file) that is still alive. */
        private void endLeftover() {
            String marker = runPreboot.toString();
            ProcessHandle.allProcesses()
                    .filter(p -> p.info().commandLine().map(line -> line.contains(marker)).orElse(false))
                    .forEach(leftover -> {
                        System.out.println("Ending Payara Micro " + leftover.pid() + " of an earlier deployment before the next starts");
                        leftover.destroyForcibly();
                        try {
                            leftover.onExit().get(LEFTOVER_EXIT.toSeconds(), TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        } catch (ExecutionException | TimeoutException e) {
                            throw new IllegalStateException("Payara Micro " + leftover.pid() + " of an earlier deployment does not end", e);
                        }
                    });
        }

        private static boolean isPayaraMicro(Object deployableContainer) {
            return deployableContainer != null && ADAPTER.equals(deployableContainer.getClass().getName());
        }

        private static String join(String configured, List<String> added) {
            String extra = String.join(" ", added);
            return configured == null || configured.isBlank() ? extra : configured + " " + extra;
        }
    }
}

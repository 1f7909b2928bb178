package dev.jakartamcp.it;

import dev.jakartamcp.e2e.PayaraMicro;
import org.jboss.arquillian.config.descriptor.api.ContainerDef;
import org.jboss.arquillian.container.spi.Container;
import org.jboss.arquillian.container.spi.ContainerRegistry;
import org.jboss.arquillian.container.spi.event.container.BeforeDeploy;
import org.jboss.arquillian.container.spi.event.container.BeforeSetup;
import org.jboss.arquillian.core.api.Instance;
import org.jboss.arquillian.core.api.annotation.Inject;
import org.jboss.arquillian.core.api.annotation.Observes;
import org.jboss.arquillian.core.spi.LoadableExtension;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Keeps the Payara Micro that the managed Arquillian adapter ({@code arquillian-payara-micro-managed}) starts on
 * loopback. Left alone, the adapter passes {@code --nocluster}, and Payara Micro's data grid then still listens on
 * every interface (or, without that option, discovers members by multicast). Before the adapter starts Payara, this
 * turns the adapter's own cluster switch off and adds {@link PayaraMicro#loopbackJvmOptions()} and a one-member TCP/IP
 * grid on a free loopback port ({@link PayaraMicro#singleNodeGridOptions()}) to whatever {@code payara.cmdOptions} and
 * {@code payara.extraMicroOptions} the build set. The adapter starts a Payara Micro per deployment with these same
 * options; before each start, a Payara Micro of an earlier deployment of this run that is still alive (the adapter
 * does not wait for its end) is ended first, because the new one would join its grid and hang while it dies. It does
 * nothing for any other adapter.
 *
 * Registered in {@code META-INF/services/org.jboss.arquillian.core.spi.LoadableExtension}.
 */
public final class PayaraArquillianExtension implements LoadableExtension {
    static final String ADAPTER = "fish.payara.arquillian.container.payara.managed.PayaraMicroDeployableContainer";

    @Override
    public void register(ExtensionBuilder builder) {
        builder.observer(PayaraRun.class);
    }

    /** The observer; Arquillian creates one per test run (JVM). */
    public static final class PayaraRun {
        private static final Duration LEFTOVER_EXIT = Duration.ofSeconds(30);

        @Inject
        private Instance<ContainerRegistry> registry;

        /** The grid's cluster name of this run's Payara Micro processes. */
        private String clusterName;

        public void keepOnLoopback(@Observes BeforeSetup event) {
            if (event.getDeployableContainer() == null || !ADAPTER.equals(event.getDeployableContainer().getClass().getName())) {
                return;
            }
            ContainerDef def = registry.get().getContainers().stream()
                    .filter(c -> c.getDeployableContainer() == event.getDeployableContainer())
                    .map(Container::getContainerConfiguration).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no Arquillian container for " + ADAPTER));
            List<String> grid = PayaraMicro.singleNodeGridOptions();
            clusterName = grid.get(grid.indexOf("--clustername") + 1);
            def.overrideProperty("clusterEnabled", "true");
            def.overrideProperty("cmdOptions", join(System.getProperty("payara.cmdOptions"), PayaraMicro.loopbackJvmOptions()));
            def.overrideProperty("extraMicroOptions", join(System.getProperty("payara.extraMicroOptions"), grid));
            System.out.println("Payara Micro for this run keeps its data grid on loopback: " + String.join(" ", grid));
        }

        public void endLeftover(@Observes BeforeDeploy event) {
            if (clusterName == null || event.getDeployableContainer() == null
                    || !ADAPTER.equals(event.getDeployableContainer().getClass().getName())) {
                return;
            }
            ProcessHandle.allProcesses()
                    .filter(p -> p.info().commandLine().map(line -> line.contains(clusterName)).orElse(false))
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

        private static String join(String configured, List<String> added) {
            String extra = String.join(" ", added);
            return configured == null || configured.isBlank() ? extra : configured + " " + extra;
        }
    }
}

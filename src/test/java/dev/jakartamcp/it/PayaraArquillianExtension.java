package dev.jakartamcp.it;

import dev.jakartamcp.e2e.PayaraMicro;
import org.jboss.arquillian.config.descriptor.api.ContainerDef;
import org.jboss.arquillian.container.spi.Container;
import org.jboss.arquillian.container.spi.ContainerRegistry;
import org.jboss.arquillian.container.spi.event.container.BeforeSetup;
import org.jboss.arquillian.core.api.Instance;
import org.jboss.arquillian.core.api.annotation.Inject;
import org.jboss.arquillian.core.api.annotation.Observes;
import org.jboss.arquillian.core.spi.LoadableExtension;

import java.util.List;

/**
 * Keeps the Payara Micro that the managed Arquillian adapter ({@code arquillian-payara-micro-managed}) starts on
 * loopback. Left alone, the adapter passes {@code --nocluster}, and Payara Micro's data grid then still listens on
 * every interface (or, without that option, discovers members by multicast). Before the adapter starts Payara, this
 * turns the adapter's own cluster switch off and adds {@link PayaraMicro#loopbackJvmOptions()} and a one-member TCP/IP
 * grid on a free loopback port ({@link PayaraMicro#singleNodeGridOptions()}) to whatever {@code payara.cmdOptions} and
 * {@code payara.extraMicroOptions} the build set. It does nothing for any other adapter.
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
        @Inject
        private Instance<ContainerRegistry> registry;

        public void keepOnLoopback(@Observes BeforeSetup event) {
            if (event.getDeployableContainer() == null || !ADAPTER.equals(event.getDeployableContainer().getClass().getName())) {
                return;
            }
            ContainerDef def = registry.get().getContainers().stream()
                    .filter(c -> c.getDeployableContainer() == event.getDeployableContainer())
                    .map(Container::getContainerConfiguration).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no Arquillian container for " + ADAPTER));
            List<String> grid = PayaraMicro.singleNodeGridOptions();
            def.overrideProperty("clusterEnabled", "true");
            def.overrideProperty("cmdOptions", join(System.getProperty("payara.cmdOptions"), PayaraMicro.loopbackJvmOptions()));
            def.overrideProperty("extraMicroOptions", join(System.getProperty("payara.extraMicroOptions"), grid));
            System.out.println("Payara Micro for this run keeps its data grid on loopback: " + String.join(" ", grid));
        }

        private static String join(String configured, List<String> added) {
            String extra = String.join(" ", added);
            return configured == null || configured.isBlank() ? extra : configured + " " + extra;
        }
    }
}

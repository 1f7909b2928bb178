package dev.jakartamcp.ops;

import dev.jakartamcp.protocol.LiveFallback;
import dev.jakartamcp.protocol.McpSettings;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Filter;
import java.util.logging.LogManager;
import java.util.logging.Logger;

/**
 * Bounds what a caller can make the server's own log write. Payara logs a request it cannot parse or authorize
 * before the application sees it (an unparseable {@code Host}, a target it cannot decode, broken chunked framing, on
 * Payara 7 a path with a colon) as a warning or error with a stack trace, one per request and unthrottled: a client
 * could fill an operator's disk or log pipeline with them while every request of its own is refused. Open Liberty
 * throttles such lines itself ({@code TRAS3015W}), and its loggers are not these.
 *
 * <p>While the application runs, each of {@link #LOGGERS} that exists gets a {@link ThrottledContainerLog} in front of
 * its own filter: at most {@code mcp.container-log.max-per-minute} records with a stack trace a minute each, the rest
 * counted ({@link #suppressed()}, {@code /mcp-admin/status}, {@code mcp.server.container_log.suppressed}) and
 * announced once a minute. Records without a stack trace pass as before. When the application stops, each logger gets
 * back the filter it had. A logger a second deployment of the WAR on the same server finds throttled already is left
 * to the first (while both run, the first one's setting applies; once it is undeployed, to neither).
 */
@ApplicationScoped
public class ContainerLogThrottle {
    private static final Logger LOG = Logger.getLogger(ContainerLogThrottle.class.getName());

    /**
     * Payara's loggers that write a stack trace per malformed request: the web container's request processing
     * ({@code AS-WEB-CORE-00037}: an unparseable {@code Host}, a target it cannot decode), Grizzly's filter chain
     * ({@code GRIZZLY0013}: broken framing), the web container's Jakarta Authentication ({@code JASPIC: http msg
     * authentication fail}: Payara 7's authorization on a path with a colon).
     */
    public static final List<String> LOGGERS = List.of("jakarta.enterprise.web.core",
            "org.glassfish.grizzly.filterchain.DefaultFilterChain",
            "javax.enterprise.system.container.web.com.sun.web.security");

    @Inject
    McpSettings settings;

    private final List<Installed> installed = new CopyOnWriteArrayList<>();

    private record Installed(Logger logger, ThrottledContainerLog filter) {
    }

    void eager(@Observes @Initialized(ApplicationScoped.class) Object started) {
        // observing the event makes the bean
    }

    @PostConstruct
    void install() {
        List<String> missing = new ArrayList<>();
        for (String name : LOGGERS) {
            Logger logger = LogManager.getLogManager().getLogger(name);
            if (logger == null) {
                missing.add(name);
                continue;
            }
            Filter current = logger.getFilter();
            if (current != null && current.getClass().getName().equals(ThrottledContainerLog.class.getName())) {
                LOG.info(() -> "The logger " + name + " is throttled by another deployment of this application already");
                continue; // wrapping it would count twice, and keep that deployment's classes after it is undeployed
            }
            ThrottledContainerLog filter = new ThrottledContainerLog(name, current, this::maxPerMinute, System::nanoTime);
            logger.setFilter(filter);
            installed.add(new Installed(logger, filter));
        }
        if (!installed.isEmpty()) {
            LOG.info(() -> "Records with a stack trace of the server's loggers " + loggers() + " are bounded to "
                    + maxPerMinute() + " a minute each (mcp.container-log.max-per-minute)"
                    + (missing.isEmpty() ? "" : "; not throttled, as the server has not made them (yet): " + missing));
        }
    }

    @PreDestroy
    void uninstall() {
        for (Installed i : installed) {
            if (i.logger().getFilter() == i.filter()) {
                i.logger().setFilter(i.filter().previous());
            } else {
                i.filter().remove(); // another filter was put in front of it meanwhile: ours lets everything pass now
            }
        }
        installed.clear();
    }

    /** Records with a stack trace not logged since the application started, of all throttled loggers. */
    public long suppressed() {
        return installed.stream().mapToLong(i -> i.filter().suppressed()).sum();
    }

    /** The same by logger, for each throttled one. */
    public Map<String, Long> suppressedByLogger() {
        Map<String, Long> counts = new LinkedHashMap<>();
        installed.forEach(i -> counts.put(i.logger().getName(), i.filter().suppressed()));
        return counts;
    }

    /** The names of the loggers throttled on this server (none on Open Liberty). */
    public List<String> loggers() {
        return installed.stream().map(i -> i.logger().getName()).toList();
    }

    /** The live limit; a value broken while running counts as the default (readiness reports it as broken). */
    int maxPerMinute() {
        return LiveFallback.read(settings::containerLogMaxPerMinute, McpSettings.DEFAULT_CONTAINER_LOG_MAX_PER_MINUTE);
    }
}

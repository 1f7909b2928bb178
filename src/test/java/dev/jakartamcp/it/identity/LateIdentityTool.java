package dev.jakartamcp.it.identity;

import dev.jakartamcp.api.Arg;
import dev.jakartamcp.api.Tool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Test fixture of ContainerIdentityIT: a tool that outlives its time limit ({@code mcp.tools.late_identity.timeout})
 * and only then looks at its caller for the first time, while other callers' requests may have taken over the
 * container's request objects; and a tool that tells what it saw.
 */
@ApplicationScoped
public class LateIdentityTool {
    static final Duration RUNS = Duration.ofMillis(2500);
    private static final Map<String, String> SEEN = new ConcurrentHashMap<>();

    @Inject
    JsonWebToken jwt;

    @Inject
    HttpServletRequest request;

    @Tool(name = "late_identity", description = "Test fixture: looks at its caller only after its answer is gone",
            readOnly = true, destructive = false, idempotent = true, openWorld = false)
    public String late(@Arg(name = "marker") String marker) {
        long until = System.nanoTime() + RUNS.toNanos();
        for (long left = RUNS.toNanos(); left > 0; left = until - System.nanoTime()) {
            try {
                Thread.sleep(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                // cancelled at the deadline: it goes on on purpose, as author code that ignores cancellation does
            }
        }
        String subject;
        try {
            subject = jwt.getSubject();
        } catch (RuntimeException e) {
            subject = "refused";
        }
        String user;
        try {
            user = request.getRemoteUser();
        } catch (RuntimeException e) {
            user = "refused";
        }
        SEEN.put(marker, subject + " " + user);
        return "done";
    }

    @Tool(name = "late_identity_seen", description = "Test fixture: what late_identity saw",
            readOnly = true, destructive = false, idempotent = true, openWorld = false)
    public String seen(@Arg(name = "marker") String marker) {
        return SEEN.getOrDefault(marker, "nothing yet");
    }
}

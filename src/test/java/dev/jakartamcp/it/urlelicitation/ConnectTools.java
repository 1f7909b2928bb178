package dev.jakartamcp.it.urlelicitation;

import dev.jakartamcp.api.Arg;
import dev.jakartamcp.api.ElicitResult;
import dev.jakartamcp.api.McpContext;
import dev.jakartamcp.api.Tool;
import dev.jakartamcp.api.UrlElicitations;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Test fixture of UrlElicitationIT: a tool that sends the user to a connect page (URL mode elicitation), and what the
 * connect page would call when the user finished there.
 */
@ApplicationScoped
public class ConnectTools {
    @Inject
    UrlElicitations elicitations;

    @Tool(name = "connect_account", description = "Sends the user to connect an account of another service")
    public String connectAccount(@Arg(description = "The service") String service, McpContext context) {
        // 2026-07-28 asks by multi round-trip: the tool runs again for the retry, and an answer counts only for the
        // question it answers, so the URL must be the same in every round; 2025 revisions ask once and wait
        String id = "connect-" + (context.protocolVersion().compareTo("2026") < 0 ? UUID.randomUUID()
                : UUID.nameUUIDFromBytes((context.subject() + "\n" + service).getBytes(StandardCharsets.UTF_8)));
        ElicitResult consent = context.elicitUrl("Connect your " + service + " account",
                URI.create("https://mcp.example.test/connect?id=" + id), id);
        return "consent=" + consent.action() + " id=" + id;
    }

    @Tool(name = "finish_connect", description = "What the connect page does when the user is done")
    public String finishConnect(@Arg(description = "The elicitation id") String id) {
        return "delivered=" + elicitations.complete(id);
    }
}

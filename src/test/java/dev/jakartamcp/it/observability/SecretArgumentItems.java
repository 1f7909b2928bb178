package dev.jakartamcp.it.observability;

import dev.jakartamcp.api.Arg;
import dev.jakartamcp.api.Prompt;
import dev.jakartamcp.api.PromptDefinition;
import dev.jakartamcp.api.ToolDefinition;
import dev.jakartamcp.api.Tool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import java.util.List;

/**
 * Test fixture items with arguments marked secret, none of them named like a secret ({@code mcp.audit.redact}): an
 * annotated tool and prompt, and a tool and a prompt defined in code.
 */
@ApplicationScoped
public class SecretArgumentItems {

    @Tool(name = "sign_in", description = "Test fixture: takes a passphrase", readOnly = true, destructive = false,
            idempotent = true, openWorld = false)
    public String signIn(@Arg(name = "user") String user, @Arg(name = "passphrase", secret = true) String passphrase) {
        return "signed in " + user;
    }

    /** A login whose passphrase is secret. */
    public record Login(String user, @Arg(secret = true) String passphrase) {
    }

    @Tool(name = "sign_in_with_login", description = "Test fixture: takes a login record", readOnly = true, destructive = false,
            idempotent = true, openWorld = false)
    public String signInWithLogin(@Arg(name = "login") Login login) {
        return "signed in " + login.user();
    }

    @Prompt(name = "unlock", description = "Test fixture: takes a passphrase")
    public String unlock(@Arg(name = "door") String door, @Arg(name = "passphrase", secret = true) String passphrase) {
        return "Unlock " + door;
    }

    @Produces
    ToolDefinition signInInCode() {
        return ToolDefinition.builder("sign_in_in_code").description("Test fixture: takes a passphrase, defined in code")
                .property("user", String.class, "who", true)
                .secretProperty("passphrase", String.class, "theirs", true)
                .handler((args, ctx) -> "signed in " + args.get("user", String.class).orElse("")).build();
    }

    @Produces
    PromptDefinition unlockInCode() {
        return new PromptDefinition("unlock_in_code", null, "Test fixture: takes a passphrase, defined in code",
                List.of(new PromptDefinition.Argument("door", "which", true), new PromptDefinition.Argument("passphrase", "theirs", true, true)),
                null, (args, ctx) -> "Unlock " + args.get("door"));
    }
}

package dev.jakartamcp.it.broken.secretvariable;

import dev.jakartamcp.api.Arg;
import dev.jakartamcp.api.McpResourceTemplate;
import jakarta.enterprise.context.ApplicationScoped;

/** Deployed only by DeploymentValidationIT: a resource template variable marked secret, which its URI would give away. */
@ApplicationScoped
public class SecretVariableTemplate {
    @McpResourceTemplate(uriTemplate = "vault://keys/{key}", name = "vault_key")
    public String key(@Arg(secret = true) String key) {
        return "value of " + key;
    }
}

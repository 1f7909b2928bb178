package dev.jakartamcp.it.identity;

import dev.jakartamcp.api.Arg;
import dev.jakartamcp.api.McpResourceTemplate;
import dev.jakartamcp.api.ResourceNotFoundException;
import dev.jakartamcp.api.Tool;
import dev.jakartamcp.api.ToolException;
import jakarta.ejb.Stateless;

/**
 * Test fixture of ContainerIdentityIT: MCP items on a session bean, whose container rethrows what its methods throw
 * (runtime exceptions without {@code @ApplicationException}) as an {@code EJBException}.
 */
@Stateless
public class EjbItems {
    @Tool(name = "ejb_flight", description = "Test fixture: a tool on a stateless session bean",
            readOnly = true, destructive = false, idempotent = true, openWorld = false)
    public String flight(@Arg(name = "day") String day) {
        if (!day.equals("monday")) {
            throw new ToolException("No flight on " + day);
        }
        return "LH 714 on monday";
    }

    @McpResourceTemplate(uriTemplate = "ejb://orders/{id}", name = "ejb_order", description = "Test fixture: orders of a session bean")
    public String order(@Arg(name = "id") String id) {
        if (!id.equals("7")) {
            throw new ResourceNotFoundException();
        }
        return "order 7";
    }
}

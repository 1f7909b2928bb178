package dev.jakartamcp.it.broken.icon;

import dev.jakartamcp.api.Icon;
import dev.jakartamcp.api.Tool;
import jakarta.enterprise.context.ApplicationScoped;

/** Deployment validation fixture: an icon served over plain http, which clients must refuse. */
@ApplicationScoped
public class HttpIconTool {
    @Tool(name = "http_icon", description = "Has an icon clients must not load", icons = @Icon(src = "http://example.com/icon.png"))
    public String tool() {
        return "never served";
    }
}

package dev.jakartamcp.it.model;

import dev.jakartamcp.api.Arg;
import dev.jakartamcp.api.McpContext;
import dev.jakartamcp.api.Tool;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;

/** The README's "Write your own tool" example, verbatim, so that it compiles and is called in the test suite. */
@ApplicationScoped
public class WeatherTools {
    @Tool(description = "Current weather for a city", readOnly = true, destructive = false)
    @RolesAllowed("weather:read")
    public String weather(@Arg(description = "City name") String city, McpContext context) {
        context.progress(50, 100.0, "asking the weather service");
        return "Sunny in " + city;
    }
}

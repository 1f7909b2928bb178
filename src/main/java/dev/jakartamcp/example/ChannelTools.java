package dev.jakartamcp.example;

import dev.jakartamcp.api.Arg;
import dev.jakartamcp.api.TextContent;
import dev.jakartamcp.api.Tool;
import dev.jakartamcp.api.ToolResult;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;

/**
 * Demo tools for a TV recorder: list the channels receivable at a place, and schedule a recording.
 * Registered only while {@code mcp.examples.enabled} is true (the default), see {@link ExampleSwitch}.
 */
@ApplicationScoped
public class ChannelTools {

    @Tool(name = "get_channels", title = "Get TV channels",
            description = "Lists the TV channels that can be received at a location.",
            readOnly = true, destructive = false, idempotent = true, openWorld = false)
    @RolesAllowed("channels:read")
    public ToolResult getChannels(@Arg(description = "Where the viewer is, e.g. a city name") String location) {
        return ToolResult.of(new TextContent("NHK G"), new TextContent("ETV"));
    }

    @Tool(name = "record_program", title = "Record a program",
            description = "Schedules a recording of the program on a channel starting at the given time.",
            readOnly = false, destructive = false, idempotent = true, openWorld = false)
    @RolesAllowed("recordings:write")
    public String recordProgram(@Arg(description = "Channel name, as returned by get_channels") String channel,
                                @Arg(description = "Start time, ISO-8601 with offset, e.g. 2026-12-24T21:00:00+09:00") OffsetDateTime start) {
        return "Recording scheduled: " + channel + " at " + start;
    }
}

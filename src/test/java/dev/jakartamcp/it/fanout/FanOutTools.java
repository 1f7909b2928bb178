package dev.jakartamcp.it.fanout;

import dev.jakartamcp.api.Arg;
import dev.jakartamcp.api.Tool;
import dev.jakartamcp.resources.ResourceRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Test fixture of FanOutIT: announces many resource updates in a row, as a registry would, and tells when each was
 * announced (epoch microseconds, the clock the test reads on the same machine) and how long the registry calls took.
 */
@ApplicationScoped
public class FanOutTools {
    @Inject
    ResourceRegistry resources;

    @Tool(name = "fanout_fire", description = "Announces count resource updates, cycling through the comma-separated URIs")
    public String fire(@Arg(description = "How many updates") int count, @Arg(description = "Comma-separated URIs") String uris) {
        String[] cycle = uris.split(",");
        JsonArrayBuilder fired = Json.createArrayBuilder();
        long slowest = 0;
        long started = System.nanoTime();
        for (int i = 0; i < count; i++) {
            fired.add(ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now()));
            long t = System.nanoTime();
            resources.updated(cycle[i % cycle.length]);
            slowest = Math.max(slowest, System.nanoTime() - t);
        }
        long took = System.nanoTime() - started;
        return Json.createObjectBuilder().add("tookNanos", took).add("slowestCallNanos", slowest).add("fired", fired).build().toString();
    }
}

package dev.jakartamcp.it.cluster;

import dev.jakartamcp.api.Arg;
import dev.jakartamcp.api.McpContext;
import dev.jakartamcp.api.Tool;
import jakarta.enterprise.context.ApplicationScoped;

/** Test fixture of ClusterIT: a tool that reports progress for a while, so that its stream can move between nodes. */
@ApplicationScoped
public class SlowTools {
    @Tool(name = "slow_steps", description = "Test fixture: reports progress every delay milliseconds, steps times")
    public String slowSteps(@Arg(name = "steps") int steps, @Arg(name = "delay") int delay, McpContext context) throws InterruptedException {
        for (int i = 1; i <= steps && !context.isCancelled(); i++) {
            Thread.sleep(delay);
            context.progress(i, (double) steps, "step " + i);
        }
        return "done after " + steps + " steps";
    }
}

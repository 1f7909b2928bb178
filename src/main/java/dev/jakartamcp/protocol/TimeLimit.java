package dev.jakartamcp.protocol;

import java.time.Duration;

/** How long a call may run before it is answered as timed out, and the setting that says so (named in the answer). */
public record TimeLimit(Duration duration, String setting) {
}

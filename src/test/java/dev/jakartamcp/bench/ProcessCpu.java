package dev.jakartamcp.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The CPU time a server has used so far: user + system time of its process and every descendant (the TypeScript peer
 * runs as a child of npx), from {@code /proc/<pid>/stat}. Read before and after a point, divided by the requests the
 * point answered, it gives the server's CPU per request: unlike req/s, that figure hardly moves when the VM gives the
 * machine less CPU for a while, so a change of a few per cent shows in it where the throughput's ±15 % noise hides it.
 * Linux only; elsewhere {@link #micros} is -1.
 */
final class ProcessCpu {
    /** Clock ticks per second of {@code /proc/<pid>/stat}'s times ({@code getconf CLK_TCK}; 100 on Linux). */
    private static final long TICKS_PER_SECOND = ticksPerSecond();

    private ProcessCpu() {
    }

    /** Microseconds of CPU used by {@code pid} and its descendants, -1 when they cannot be read. */
    static long micros(long pid) {
        ProcessHandle root = ProcessHandle.of(pid).orElse(null);
        if (root == null) {
            return -1;
        }
        long ticks = 0;
        for (ProcessHandle p : (Iterable<ProcessHandle>) Stream.concat(Stream.of(root), root.descendants())::iterator) {
            long t = ticks(p.pid());
            if (t < 0 && p.pid() == pid) {
                return -1;
            }
            ticks += Math.max(t, 0); // a descendant that ended meanwhile counts nothing
        }
        return ticksToMicros(ticks);
    }

    /** Microseconds of CPU used by {@code pid} alone (not its descendants), -1 when they cannot be read. */
    static long ownMicros(long pid) {
        long t = ticks(pid);
        return t < 0 ? -1 : ticksToMicros(t);
    }

    private static long ticksToMicros(long ticks) {
        return ticks * 1_000_000 / TICKS_PER_SECOND;
    }

    /** utime + stime of one process (fields 14 and 15; the command name, field 2, may hold spaces and parentheses). */
    static long ticks(long pid) {
        try {
            return ticksOf(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    static long ticksOf(String stat) {
        String[] after = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // after[0] is field 3 (state): utime is field 14, stime field 15
        return Long.parseLong(after[11]) + Long.parseLong(after[12]);
    }

    private static long ticksPerSecond() {
        try {
            String out = Bench.command(java.util.List.of("getconf", "CLK_TCK"), java.time.Duration.ofSeconds(10), true).strip();
            return Long.parseLong(out);
        } catch (IOException | RuntimeException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }
}

package dev.jakartamcp.ops.health;

import dev.jakartamcp.ops.Drain;
import dev.jakartamcp.ops.StartupCheck;
import dev.jakartamcp.protocol.Caller;
import dev.jakartamcp.protocol.ProtocolRevision;
import dev.jakartamcp.session.McpSession;
import dev.jakartamcp.session.SessionStore;
import jakarta.json.JsonObject;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The readiness checks that need no server; the signing keys check runs against real servers in HealthIT. */
class HealthChecksTest {
    /** What a server's MicroProfile Health implementation provides: a response builder. */
    @BeforeAll
    static void provider() {
        HealthCheckResponse.setResponseProvider(() -> new HealthCheckResponseBuilder() {
            private String name;
            private HealthCheckResponse.Status status = HealthCheckResponse.Status.DOWN;
            private final Map<String, Object> data = new LinkedHashMap<>();

            public HealthCheckResponseBuilder name(String name) {
                this.name = name;
                return this;
            }

            public HealthCheckResponseBuilder withData(String key, String value) {
                data.put(key, value);
                return this;
            }

            public HealthCheckResponseBuilder withData(String key, long value) {
                data.put(key, value);
                return this;
            }

            public HealthCheckResponseBuilder withData(String key, boolean value) {
                data.put(key, value);
                return this;
            }

            public HealthCheckResponseBuilder up() {
                return status(true);
            }

            public HealthCheckResponseBuilder down() {
                return status(false);
            }

            public HealthCheckResponseBuilder status(boolean up) {
                status = up ? HealthCheckResponse.Status.UP : HealthCheckResponse.Status.DOWN;
                return this;
            }

            public HealthCheckResponse build() {
                return new HealthCheckResponse(name, status, data.isEmpty() ? Optional.empty() : Optional.of(data));
            }
        });
    }

    @Test
    void drainingIsDownFromThenOn() {
        DrainCheck check = new DrainCheck();
        check.drain = new Drain();
        assertEquals(HealthCheckResponse.Status.UP, check.call().getStatus());
        check.drain.begin();
        HealthCheckResponse down = check.call();
        assertEquals(HealthCheckResponse.Status.DOWN, down.getStatus());
        assertEquals("mcp-draining", down.getName());
        assertEquals("the server is draining", down.getData().orElseThrow().get("reason"));
    }

    @Test
    void aStalledAuditTrailIsDownWithItsFigures() {
        boolean[] stalled = {false};
        AuditCheck check = new AuditCheck();
        check.audit = new dev.jakartamcp.ops.AuditTrail() {
            @Override
            public boolean stalled() {
                return stalled[0];
            }

            @Override
            public int waiting() {
                return 3;
            }

            @Override
            public long dropped() {
                return 7;
            }
        };
        assertEquals(HealthCheckResponse.Status.UP, check.call().getStatus());
        stalled[0] = true;
        HealthCheckResponse down = check.call();
        assertEquals(HealthCheckResponse.Status.DOWN, down.getStatus());
        assertEquals("mcp-audit", down.getName());
        assertEquals("3", down.getData().orElseThrow().get("waiting"));
        assertEquals("7", down.getData().orElseThrow().get("dropped"));
        stalled[0] = false;
        assertEquals(HealthCheckResponse.Status.UP, check.call().getStatus(), "back once the trail writes again");
    }

    @Test
    void configurationProblemsAreNamedUpToALimit() {
        List<String> findings = new ArrayList<>();
        ConfigurationCheck check = new ConfigurationCheck();
        check.check = new StartupCheck() {
            @Override
            public List<String> findings() {
                return findings;
            }
        };
        assertEquals(HealthCheckResponse.Status.UP, check.call().getStatus());
        for (int i = 1; i <= 12; i++) {
            findings.add("Invalid value for mcp.example." + i);
        }
        HealthCheckResponse down = check.call();
        assertEquals(HealthCheckResponse.Status.DOWN, down.getStatus());
        Map<String, Object> data = down.getData().orElseThrow();
        assertEquals("12", data.get("problems"));
        assertEquals("Invalid value for mcp.example.1", data.get("problem1"));
        assertEquals("Invalid value for mcp.example.10", data.get("problem10"));
        assertFalse(data.containsKey("problem11"));
    }

    /** The data grid's session store while the grid is unreachable: counting waits (Hazelcast: up to its invocation timeout). */
    private static SessionStore unreachableGrid() {
        return new SessionStore() {
            @Override
            public java.time.Duration idleTimeout() {
                return java.time.Duration.ofMinutes(10);
            }

            public McpSession create(ProtocolRevision revision, JsonObject clientCapabilities, JsonObject clientInfo, Caller caller) {
                throw new UnsupportedOperationException();
            }

            public Optional<McpSession> find(String id, String ownerKey) {
                return Optional.empty();
            }

            public Optional<McpSession> find(String id) {
                return Optional.empty();
            }

            public Optional<McpSession> peek(String id) {
                return Optional.empty();
            }

            public boolean remove(String id, dev.jakartamcp.session.SessionEnd cause) {
                return false;
            }

            public void forEach(java.util.function.Consumer<McpSession> action) {
                throw new IllegalStateException("the data grid is not reachable");
            }

            public java.util.List<McpSession> ownedBy(String quotaKey) {
                throw new IllegalStateException("the data grid is not reachable");
            }

            public int size() {
                try {
                    Thread.sleep(Long.MAX_VALUE);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new IllegalStateException("the data grid is not reachable");
            }

            public long refused() {
                return 0;
            }

            /** As GridSessionStore: its size() asks the grid (a plain method where SessionStore has no such default). */
            public boolean inMemory() {
                return false;
            }
        };
    }

    /**
     * A read of the settings that waits (Payara's cluster config source while a grid member is frozen) leaves the last
     * read's result standing instead of DOWN: else every node of a cluster would leave the rotation at once.
     */
    @Test
    void whileTheSettingsCannotBeReadTheLastReadStands() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
        ConfigurationCheck check = new ConfigurationCheck();
        check.check = new StartupCheck() {
            @Override
            public List<String> findings() {
                if (reads.incrementAndGet() > 1) {
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return List.of();
            }
        };
        check.threads = (jakarta.enterprise.concurrent.ManagedThreadFactory) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[]{jakarta.enterprise.concurrent.ManagedThreadFactory.class}, (proxy, method, args) -> {
                    Thread thread = new Thread((Runnable) args[0]);
                    thread.setDaemon(true);
                    return thread;
                });
        check.start();
        try {
            assertEquals(HealthCheckResponse.Status.UP, check.call().getStatus(), "read at once");
            HealthCheckResponse waiting = check.call();
            assertEquals(HealthCheckResponse.Status.UP, waiting.getStatus(), waiting.getData()::toString);
            assertTrue(waiting.getData().orElseThrow().get("reason").toString().contains("stands"), waiting.getData()::toString);
            // the read still hangs: the next probe does not wait its 2 s again (before, every probe did)
            long started = System.nanoTime();
            HealthCheckResponse next = check.call();
            long waitedMillis = (System.nanoTime() - started) / 1_000_000;
            assertEquals(HealthCheckResponse.Status.UP, next.getStatus(), next.getData()::toString);
            assertTrue(waitedMillis < 1_000, "answered without waiting again: " + waitedMillis + " ms");
            assertEquals(2, reads.get(), "one read in flight, not another per probe");
        } finally {
            release.countDown();
            check.stop();
        }
    }

    @Test
    void aSettingsReadThatNeverCompletedIsDown() {
        ConfigurationCheck check = new ConfigurationCheck();
        check.check = new StartupCheck() {
            @Override
            public List<String> findings() {
                throw new IllegalStateException("a config source failed");
            }
        };
        assertEquals(HealthCheckResponse.Status.DOWN, check.call().getStatus());
    }

    @Test
    void livenessDoesNotWaitForTheDataGrid() {
        LivenessCheck check = new LivenessCheck();
        check.sessions = unreachableGrid();
        HealthCheckResponse live = assertTimeoutPreemptively(Duration.ofSeconds(3), () -> {
            return check.call();
        },
                "a liveness probe that waits for the grid makes the server look dead");
        assertEquals(HealthCheckResponse.Status.UP, live.getStatus());
        assertEquals("mcp", live.getName());
    }

    @Test
    void livenessCountsTheSessionsThisServerHolds() {
        LivenessCheck check = new LivenessCheck();
        check.sessions = new dev.jakartamcp.session.InMemorySessionStore();
        HealthCheckResponse live = check.call();
        assertEquals(HealthCheckResponse.Status.UP, live.getStatus());
        assertEquals("0", live.getData().orElseThrow().get("sessions"));
    }
}

package dev.jakartamcp.e2e;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HttpTest {
    static final String IDLE_WORKER = """
            "http-thread-pool::http-listener(1)" #75 [8132] daemon prio=5 in Object.wait()
               java.lang.Thread.State: WAITING (on object monitor)
            \tat java.lang.Object.wait0(java.base@25.0.3/Native Method)
            \tat org.glassfish.grizzly.threadpool.SyncThreadPool$SyncThreadWorker.getTask(SyncThreadPool.java:170)
            \tat org.glassfish.grizzly.threadpool.AbstractThreadPool$Worker.run(AbstractThreadPool.java:515)""";
    static final String STUCK_WORKER = """
            "http-thread-pool::http-listener(2)" #76 [8133] daemon prio=5 waiting on condition
               java.lang.Thread.State: WAITING (parking)
            \tat jdk.internal.misc.Unsafe.park(java.base@25.0.3/Native Method)
            \tat org.jboss.weld.Container.lock(Container.java:1)""";
    static final String PRODUCT = """
            "hz.member.event-1" #51 daemon prio=5
               java.lang.Thread.State: BLOCKED (on object monitor)
            \tat dev.jakartamcp.cluster.GridNotices.deliver(GridNotices.java:40)""";
    static final String OTHER = """
            "Reference Handler" #9 daemon prio=10
               java.lang.Thread.State: RUNNABLE""";

    @Test
    void theExcerptOfAThreadDumpKeepsBusyWorkersAndTheProductsThreads() {
        String excerpt = Http.busyThreads(String.join("\n\n", List.of(OTHER, IDLE_WORKER, STUCK_WORKER, PRODUCT)) + "\n");
        assertTrue(excerpt.contains("http-listener(2)"), excerpt);
        assertTrue(excerpt.contains("GridNotices.deliver"), excerpt);
        assertFalse(excerpt.contains("http-listener(1)"), excerpt);
        assertFalse(excerpt.contains("Reference Handler"), excerpt);
    }

    @Test
    void aDumpWithoutBusyThreadsSaysSo() {
        assertEquals("; no busy thread in it", Http.busyThreads(OTHER + "\n\n" + IDLE_WORKER));
    }

    @Test
    void aFreePortLiesBelowTheEphemeralRangeAndIsFree() {
        int low = Http.ephemeralPortsFrom();
        for (int i = 0; i < 20; i++) {
            int port = Http.freePort();
            assertTrue(port >= 10000 && port < Math.max(10001, low), Integer.toString(port));
            assertFalse(Http.inUse(port));
        }
    }

    /** 1,000 draws from ~22,700 ports repeat one about 22 times, unless a port is handed out once only. */
    @Test
    void aFreePortIsHandedOutOnceOnly() {
        Set<Integer> ports = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            int port = Http.freePort();
            assertTrue(ports.add(port), "handed out twice: " + port);
        }
    }
}

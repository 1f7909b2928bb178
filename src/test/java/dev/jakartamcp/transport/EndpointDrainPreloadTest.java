package dev.jakartamcp.transport;

import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.servlet.ServletContext;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The load of the WAR's classes ahead of a drain: not at the start, but on a pool thread once the first request is
 * answered, or at the drain's beginning when no request came first; each class once, and a drain that begins while
 * the pool still loads waits for it.
 */
class EndpointDrainPreloadTest {
    private static final Map<String, Set<String>> TREE = Map.of(
            "/WEB-INF/classes/", Set.of("/WEB-INF/classes/dev/", "/WEB-INF/classes/module-info.class"),
            "/WEB-INF/classes/dev/", Set.of("/WEB-INF/classes/dev/A.class", "/WEB-INF/classes/dev/sub/",
                    "/WEB-INF/classes/dev/notes.txt", "/WEB-INF/classes/dev/package-info.class"),
            "/WEB-INF/classes/dev/sub/", Set.of("/WEB-INF/classes/dev/sub/B.class"));

    /** Records every class asked for and finds none (a missing class is skipped, as a class that fails to link). */
    private static final class RecordingLoader extends ClassLoader {
        final List<String> asked = new CopyOnWriteArrayList<>();
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release;

        RecordingLoader(CountDownLatch release) {
            super(null);
            this.release = release;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            asked.add(name);
            entered.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new ClassNotFoundException(name);
        }
    }

    private static ServletContext context(ClassLoader loader) {
        return (ServletContext) Proxy.newProxyInstance(EndpointDrainPreloadTest.class.getClassLoader(),
                new Class<?>[]{ServletContext.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getClassLoader" -> loader;
                    case "getResourcePaths" -> TREE.get((String) args[0]);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    /** An executor that only keeps what it was given. */
    private static ManagedExecutorService keeping(List<Runnable> given) {
        return (ManagedExecutorService) Proxy.newProxyInstance(EndpointDrainPreloadTest.class.getClassLoader(),
                new Class<?>[]{ManagedExecutorService.class}, (proxy, method, args) -> {
                    if (method.getName().equals("execute")) {
                        given.add((Runnable) args[0]);
                        return null;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void loadsEveryClassOnceAndSkipsTheRest() {
        RecordingLoader loader = new RecordingLoader(new CountDownLatch(0));
        EndpointDrain.ClassPreload preload = new EndpointDrain.ClassPreload(context(loader));

        preload.run();
        preload.run();
        preload.runOrAwait();

        assertEquals(Set.of("dev.A", "dev.sub.B"), Set.copyOf(loader.asked));
        assertEquals(2, loader.asked.size(), "each class once: " + loader.asked);
    }

    @Test
    void theFirstAnsweredRequestHandsTheLoadToThePoolOnce() {
        RecordingLoader loader = new RecordingLoader(new CountDownLatch(0));
        List<Runnable> given = new CopyOnWriteArrayList<>();
        EndpointDrain drain = new EndpointDrain();
        drain.executor = keeping(given);
        drain.classesOf(context(loader));
        assertTrue(loader.asked.isEmpty(), "nothing is loaded as the context starts");

        drain.answered();
        drain.answered();

        assertEquals(1, given.size(), "one load for the pool, whatever the number of requests");
        assertTrue(loader.asked.isEmpty(), "the request's own thread loads nothing");
        given.get(0).run();
        assertEquals(2, loader.asked.size());
    }

    @Test
    void aDrainThatBeginsWhileThePoolLoadsWaitsForTheLoad() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        RecordingLoader loader = new RecordingLoader(release);
        EndpointDrain.ClassPreload preload = new EndpointDrain.ClassPreload(context(loader));
        Thread pool = new Thread(preload::run);
        pool.start();
        assertTrue(loader.entered.await(10, TimeUnit.SECONDS));

        CountDownLatch drained = new CountDownLatch(1);
        Thread drain = new Thread(() -> {
            preload.runOrAwait();
            drained.countDown();
        });
        drain.start();
        assertFalse(drained.await(200, TimeUnit.MILLISECONDS), "the drain waits while classes are still loading");

        release.countDown();
        assertTrue(drained.await(10, TimeUnit.SECONDS));
        pool.join(10_000);
        assertEquals(2, loader.asked.size(), "the drain did not load them a second time: " + loader.asked);
    }

    @Test
    void aDrainBeforeAnyAnswerLoadsTheClassesItself() {
        RecordingLoader loader = new RecordingLoader(new CountDownLatch(0));
        EndpointDrain.ClassPreload preload = new EndpointDrain.ClassPreload(context(loader));

        preload.runOrAwait();

        assertEquals(2, loader.asked.size());
    }
}

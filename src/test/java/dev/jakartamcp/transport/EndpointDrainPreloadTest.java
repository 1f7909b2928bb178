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
 * the pool still loads waits for it. It stops, asking for no further class, once the application is destroyed or its
 * files are gone.
 */
class EndpointDrainPreloadTest {
    private static final Map<String, Set<String>> TREE = Map.of(
            "/WEB-INF/classes/", Set.of("/WEB-INF/classes/java/", "/WEB-INF/classes/module-info.class"),
            "/WEB-INF/classes/java/", Set.of("/WEB-INF/classes/java/lang/", "/WEB-INF/classes/java/util/"),
            "/WEB-INF/classes/java/lang/", Set.of("/WEB-INF/classes/java/lang/String.class",
                    "/WEB-INF/classes/java/lang/Integer.class", "/WEB-INF/classes/java/lang/notes.txt",
                    "/WEB-INF/classes/java/lang/package-info.class"),
            "/WEB-INF/classes/java/util/", Set.of("/WEB-INF/classes/java/util/List.class",
                    "/WEB-INF/classes/java/util/Map.class"));
    private static final Set<String> CLASSES = Set.of("java.lang.String", "java.lang.Integer", "java.util.List", "java.util.Map");

    /**
     * Records every class asked for and finds it, waiting for {@code release} on the first; from the
     * {@code goneFrom}-th question on it finds none (the application's files were removed), and it cannot link
     * {@code unlinkable}.
     */
    private static final class RecordingLoader extends ClassLoader {
        final List<String> asked = new CopyOnWriteArrayList<>();
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release;
        final int goneFrom;
        final String unlinkable;

        RecordingLoader(CountDownLatch release) {
            this(release, Integer.MAX_VALUE, "");
        }

        RecordingLoader(CountDownLatch release, int goneFrom, String unlinkable) {
            super(null);
            this.release = release;
            this.goneFrom = goneFrom;
            this.unlinkable = unlinkable;
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
            if (asked.size() >= goneFrom) {
                throw new ClassNotFoundException(name);
            }
            if (name.equals(unlinkable)) {
                throw new NoClassDefFoundError("a class it needs");
            }
            return ClassLoader.getPlatformClassLoader().loadClass(name);
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

    /** A drain whose context started with classes from {@code loader}, its pool keeping what it is given. */
    private static EndpointDrain started(ClassLoader loader, List<Runnable> given) {
        EndpointDrain drain = new EndpointDrain();
        drain.executor = keeping(given);
        drain.classesOf(context(loader));
        return drain;
    }

    @Test
    void loadsEveryClassOnceAndSkipsWhatIsNoClass() {
        RecordingLoader loader = new RecordingLoader(new CountDownLatch(0));
        EndpointDrain.ClassPreload preload = new EndpointDrain.ClassPreload(context(loader));

        preload.run();
        preload.run();
        preload.runOrAwait();

        assertEquals(CLASSES, Set.copyOf(loader.asked));
        assertEquals(4, loader.asked.size(), "each class once: " + loader.asked);
    }

    @Test
    void theFirstAnsweredRequestHandsTheLoadToThePoolOnce() {
        RecordingLoader loader = new RecordingLoader(new CountDownLatch(0));
        List<Runnable> given = new CopyOnWriteArrayList<>();
        EndpointDrain drain = started(loader, given);
        assertTrue(loader.asked.isEmpty(), "nothing is loaded as the context starts");

        drain.answered();
        drain.answered();

        assertEquals(1, given.size(), "one load for the pool, whatever the number of requests");
        assertTrue(loader.asked.isEmpty(), "the request's own thread loads nothing");
        given.get(0).run();
        assertEquals(4, loader.asked.size());
    }

    @Test
    void aDrainThatBeginsWhileThePoolLoadsWaitsForTheLoad() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        RecordingLoader loader = new RecordingLoader(release);
        EndpointDrain.ClassPreload preload = new EndpointDrain.ClassPreload(context(loader));
        Thread pool = loadingOnAThread(preload, loader);

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
        assertEquals(4, loader.asked.size(), "the drain did not load them a second time: " + loader.asked);
    }

    @Test
    void aDrainBeforeAnyAnswerLoadsTheClassesItself() {
        RecordingLoader loader = new RecordingLoader(new CountDownLatch(0));
        EndpointDrain.ClassPreload preload = new EndpointDrain.ClassPreload(context(loader));

        preload.runOrAwait();

        assertEquals(4, loader.asked.size());
    }

    @Test
    void aClassThatFailsToLinkIsSkipped() {
        RecordingLoader loader = new RecordingLoader(new CountDownLatch(0), Integer.MAX_VALUE, "java.util.List");
        EndpointDrain.ClassPreload preload = new EndpointDrain.ClassPreload(context(loader));

        preload.runOrAwait();

        assertEquals(CLASSES, Set.copyOf(loader.asked));
    }

    @Test
    void theLoadStopsAtTheFirstClassThatIsGoneAsTheApplicationsFilesAreRemoved() {
        // Liberty, undeploying, removes the files first: every further class would fail, each logged (CWWKL0002E)
        RecordingLoader loader = new RecordingLoader(new CountDownLatch(0), 2, "");
        EndpointDrain.ClassPreload preload = new EndpointDrain.ClassPreload(context(loader));

        preload.runOrAwait();

        assertEquals(2, loader.asked.size(), "nothing asked after the first class that is gone: " + loader.asked);
    }

    @Test
    void aStoppedLoadAsksForNoFurtherClassAndReleasesTheDrain() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        RecordingLoader loader = new RecordingLoader(release);
        EndpointDrain.ClassPreload preload = new EndpointDrain.ClassPreload(context(loader));
        Thread pool = loadingOnAThread(preload, loader);

        preload.stop();
        release.countDown();
        pool.join(10_000);
        preload.runOrAwait();

        assertEquals(1, loader.asked.size(), "only the class that was loading: " + loader.asked);
    }

    @Test
    void aLoadHandedToThePoolDoesNotStartOnceTheApplicationIsDestroyed() {
        RecordingLoader loader = new RecordingLoader(new CountDownLatch(0));
        List<Runnable> given = new CopyOnWriteArrayList<>();
        EndpointDrain drain = started(loader, given);
        drain.answered();

        drain.destroyed();
        given.get(0).run();
        drain.answered();

        assertTrue(loader.asked.isEmpty(), "nothing loaded: " + loader.asked);
        assertEquals(1, given.size());
    }

    /** A thread standing in for the pool's, running {@code preload} until it is inside its first class. */
    private static Thread loadingOnAThread(EndpointDrain.ClassPreload preload, RecordingLoader loader) throws InterruptedException {
        Thread pool = new Thread(preload::run);
        pool.start();
        assertTrue(loader.entered.await(10, TimeUnit.SECONDS));
        return pool;
    }
}

package dev.jakartamcp.cluster.grid;

import com.hazelcast.cache.ICache;

import javax.cache.Cache;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * A grid cache in memory that can be frozen as a member that stops answering is: while frozen, every operation is
 * sent (kept in order) and not answered; {@link #thaw()} applies what was sent, late, as the grid would once the
 * member answers again, and answers from then on at once. A walk of the entries (the grid's iteration, which has no
 * asynchronous form) blocks while frozen. Expiry is not modelled.
 */
final class FrozenGrid {
    private final Map<String, String> entries = new ConcurrentHashMap<>();
    private final List<Runnable> pending = new ArrayList<>();
    private boolean frozen;
    private String freezeAt;
    private int freezeCountdown;

    synchronized void freeze() {
        frozen = true;
    }

    /** Freezes the grid as the {@code occurrence}th operation called {@code method} is sent (it is kept, unanswered). */
    synchronized void freezeAt(String method, int occurrence) {
        freezeAt = method;
        freezeCountdown = occurrence;
    }

    private synchronized void beforeSending(String method) {
        if (method.equals(freezeAt) && --freezeCountdown == 0) {
            frozen = true;
        }
    }

    /** Applies every operation sent while frozen, in order (their callers gave up on them long ago). */
    synchronized void thaw() {
        frozen = false;
        pending.forEach(Runnable::run);
        pending.clear();
        notifyAll();
    }

    /** How many operations were sent while frozen and wait, unanswered, for the thaw. */
    synchronized int unanswered() {
        return pending.size();
    }

    private synchronized void awaitThawed() throws InterruptedException {
        while (frozen) {
            wait();
        }
    }

    Map<String, String> entries() {
        return entries;
    }

    /** A {@link GridCache} on this grid, waiting at most {@code timeout} for each operation. */
    GridCache cache(Duration timeout) {
        return new GridCache(proxy(), () -> timeout);
    }

    /** A {@link GridCache} on this grid whose counts and walks run on {@code counting}. */
    GridCache cache(Duration timeout, java.util.concurrent.Executor counting) {
        return new GridCache(proxy(), () -> timeout, counting);
    }

    @SuppressWarnings("unchecked")
    private Cache<String, String> proxy() {
        return (Cache<String, String>) Proxy.newProxyInstance(ICache.class.getClassLoader(), new Class<?>[]{ICache.class},
                (proxy, method, args) -> {
                    beforeSending(method.getName());
                    return switch (method.getName()) {
                        case "getAsync" -> send(() -> entries.get((String) args[0]));
                        case "putAsync" -> send(() -> {
                            entries.put((String) args[0], (String) args[1]);
                            return null;
                        });
                        case "putIfAbsentAsync" -> send(() -> entries.putIfAbsent((String) args[0], (String) args[1]) == null);
                        case "replaceAsync" -> send(() -> entries.replace((String) args[0], (String) args[1], (String) args[2]));
                        case "removeAsync" -> send(() -> args.length == 1 ? entries.remove((String) args[0]) != null
                                : entries.remove((String) args[0], args[1]));
                        case "getAndRemoveAsync" -> send(() -> entries.remove((String) args[0]));
                        case "size" -> entries.size();
                        case "iterator" -> {
                            awaitThawed();
                            yield entries.entrySet().stream().map(FrozenGrid::entry).toList().iterator();
                        }
                        case "unwrap" -> proxy;
                        case "getName" -> "mcp-frozen";
                        default -> throw new UnsupportedOperationException(method.getName());
                    };
                });
    }

    private static Cache.Entry<String, String> entry(Map.Entry<String, String> entry) {
        return new Cache.Entry<>() {
            @Override
            public String getKey() {
                return entry.getKey();
            }

            @Override
            public String getValue() {
                return entry.getValue();
            }

            @Override
            public <T> T unwrap(Class<T> type) {
                throw new IllegalArgumentException(type.getName());
            }
        };
    }

    private synchronized <T> CompletableFuture<T> send(Supplier<T> operation) {
        CompletableFuture<T> answer = new CompletableFuture<>();
        Runnable apply = () -> answer.complete(operation.get());
        if (frozen) {
            pending.add(apply);
        } else {
            apply.run();
        }
        return Objects.requireNonNull(answer);
    }
}

package dev.jakartamcp.beans;

import dev.jakartamcp.api.McpContext;
import dev.jakartamcp.api.TaskWork;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The {@link TaskWork} a method of a {@code @Dependent} bean returned: the work runs on that bean instance (it is
 * usually a lambda that captured it), so the instance is destroyed ({@code @PreDestroy}) only once the work has run,
 * however it ended, or when it is {@link #discard discarded} because it will never run.
 */
public final class DependentWork<T> implements TaskWork<T> {
    private final TaskWork<T> work;
    private final Runnable destroyInstance;
    private final AtomicBoolean destroyed = new AtomicBoolean();

    DependentWork(TaskWork<T> work, Runnable destroyInstance) {
        this.work = work;
        this.destroyInstance = destroyInstance;
    }

    @Override
    public T run(McpContext task) throws Exception {
        try {
            return work.run(task);
        } finally {
            release();
        }
    }

    /** Destroys the bean instance once, whoever asks first: the work's end or its discarding. */
    private void release() {
        if (destroyed.compareAndSet(false, true)) {
            destroyInstance.run();
        }
    }

    /** What a tool returned, when it is work that will not run after all: its bean instance is destroyed now. */
    public static void discard(Object returned) {
        if (returned instanceof DependentWork<?> dependent) {
            dependent.release();
        }
    }
}

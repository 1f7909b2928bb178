package dev.jakartamcp.transport;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The non-blocking side of {@link HttpSink}: queued writes, their order, the slow-consumer bound, completion. */
class HttpSinkTest {

    /** A client connection: takes writes while it has room ({@code room} bytes), then isReady() is false until it reads. */
    static class Connection extends ServletOutputStream {
        final ByteArrayOutputStream taken = new ByteArrayOutputStream();
        WriteListener listener;
        long room;
        boolean interest;
        int completed;
        int writesWhileNotReady;

        Connection(long room) {
            this.room = room;
        }

        @Override
        public boolean isReady() {
            boolean ready = room > 0;
            interest = !ready;
            return ready;
        }

        @Override
        public void setWriteListener(WriteListener writeListener) {
            this.listener = writeListener;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            if (room <= 0) {
                writesWhileNotReady++;
            }
            taken.write(b, off, len);
            room -= len;
        }

        /** The client read: room again, and the container calls onWritePossible if someone was told isReady() false. */
        void reads(long bytes) {
            room = bytes;
            if (interest) {
                interest = false;
                writePossible();
            }
        }

        void writePossible() {
            try {
                listener.onWritePossible();
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
        }

        String text() {
            return taken.toString(StandardCharsets.UTF_8);
        }

        HttpSink sink() {
            AsyncContext async = (AsyncContext) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {AsyncContext.class},
                    (proxy, method, args) -> {
                        if (method.getName().equals("complete")) {
                            completed++;
                        }
                        return null;
                    });
            HttpServletResponse response = (HttpServletResponse) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {HttpServletResponse.class}, (proxy, method, args) -> method.getName().equals("getOutputStream") ? this : null);
            return new HttpSink(async, response);
        }
    }

    /** A connection where writes block (Liberty's): a write waits until the client reads ({@code clientReads}). */
    static class BlockingConnection extends Connection {
        final java.util.concurrent.CountDownLatch clientReads = new java.util.concurrent.CountDownLatch(1);
        final java.util.concurrent.CountDownLatch writing = new java.util.concurrent.CountDownLatch(1);

        BlockingConnection() {
            super(Long.MAX_VALUE);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            writing.countDown();
            try {
                clientReads.await(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            super.write(b, off, len);
        }
    }

    @Test
    void writesWaitForTheFirstWritePossibleThenGoOutInOrder() {
        Connection c = new Connection(1 << 20);
        HttpSink sink = c.sink();
        sink.nonBlocking(1024, HttpSink.SlowConsumers.NONE, Runnable::run);
        assertTrue(sink.write("a\n"));
        assertTrue(sink.write("b\n"));
        assertEquals("", c.text(), "nothing is written before the container says it may");
        c.writePossible();
        assertTrue(sink.write("c\n"));
        assertEquals("a\nb\nc\n", c.text());
        assertEquals(0, sink.unsentBytes());
    }

    @Test
    void aClientThatDoesNotReadHoldsUpNobodyAndIsEndedBeyondTheBound() {
        Connection c = new Connection(10);
        HttpSink sink = c.sink();
        List<Long> slow = new ArrayList<>();
        sink.nonBlocking(100, (unsent, bound) -> slow.add(unsent), Runnable::run);
        c.writePossible();
        String event = "0123456789abcdefghi\n"; // 20 bytes
        int accepted = 0;
        while (sink.write(event)) {
            accepted++;
            assertTrue(accepted < 100, "the bound ends the stream");
        }
        assertEquals(0, c.writesWhileNotReady, "never written while the container said it is not ready");
        assertEquals(1, slow.size(), "told once");
        assertTrue(slow.get(0) > 100);
        assertFalse(sink.isOpen());
        assertEquals(1, c.completed, "the response is ended");
        assertFalse(sink.write(event), "nothing more is taken");
        assertEquals(1, slow.size());
    }

    /**
     * What the container took but has not confirmed sending (it said it is not ready for more) is not taken yet: a
     * stream whose answer waits there is no delivered stream, and once the connection fails it never is.
     */
    @Test
    void bytesTheContainerHoldsAreNotTakenUntilItIsReadyAgain() throws Exception {
        Connection c = new Connection(10);
        HttpSink sink = c.sink();
        sink.nonBlocking(1 << 20, HttpSink.SlowConsumers.NONE, Runnable::run);
        c.writePossible();
        assertTrue(sink.write(new byte[3000]));
        assertEquals(0, sink.unsentBytes(), "the container took it");
        assertFalse(sink.tookEverything(), "but is not ready for more: it still holds it");
        c.reads(1 << 20);
        assertTrue(sink.tookEverything(), "ready again with nothing to flush");

        Connection failing = new Connection(10);
        HttpSink lost = failing.sink();
        lost.nonBlocking(1 << 20, HttpSink.SlowConsumers.NONE, Runnable::run);
        failing.writePossible();
        assertTrue(lost.write(new byte[3000]));
        lost.complete();
        assertEquals(0, failing.completed, "the end waits for the container to send what it holds");
        failing.listener.onError(new java.io.IOException("connection reset"));
        assertFalse(lost.tookEverything(), "what it held was lost with the connection");
    }

    /** Where writes block (Liberty), bytes in a writer thread's write are not taken until the write returns. */
    @Test
    void bytesInAWriteThatBlocksAreNotTakenUntilItReturns() throws Exception {
        BlockingConnection c = new BlockingConnection();
        java.util.concurrent.CountDownLatch clientReads = c.clientReads;
        java.util.concurrent.CountDownLatch writing = c.writing;
        HttpSink sink = c.sink();
        java.util.concurrent.ExecutorService writers = java.util.concurrent.Executors.newCachedThreadPool();
        try {
            sink.nonBlocking(1 << 20, HttpSink.SlowConsumers.NONE, writers, HttpSink.LastBytesDeadline.NONE, true);
            assertTrue(sink.write(new byte[3000]));
            assertTrue(writing.await(5, java.util.concurrent.TimeUnit.SECONDS));
            assertEquals(0, sink.unsentBytes(), "the writer took it");
            assertFalse(sink.tookEverything(), "its write has not returned");
            clientReads.countDown();
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (!sink.tookEverything() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertTrue(sink.tookEverything(), "the write returned");
        } finally {
            writers.shutdownNow();
        }
    }

    @Test
    void whatWaitsGoesOutWhenTheClientReadsInOrder() {
        Connection c = new Connection(0);
        HttpSink sink = c.sink();
        sink.nonBlocking(1000, HttpSink.SlowConsumers.NONE, Runnable::run);
        c.writePossible();
        for (int i = 0; i < 10; i++) {
            assertTrue(sink.write("e" + i + "\n"));
        }
        assertEquals("", c.text());
        assertEquals(30, sink.unsentBytes());
        c.reads(7);
        assertEquals("e0\ne1\ne2\n", c.text(), "whole events while there was room");
        c.reads(1000);
        assertEquals("e0\ne1\ne2\ne3\ne4\ne5\ne6\ne7\ne8\ne9\n", c.text());
        assertEquals(0, sink.unsentBytes());
    }

    @Test
    void aMessageLargerThanTheBoundStillGoesOutWhenNothingElseWaits() {
        Connection c = new Connection(0);
        HttpSink sink = c.sink();
        sink.nonBlocking(1024, HttpSink.SlowConsumers.NONE, Runnable::run);
        c.writePossible();
        assertTrue(sink.write(new byte[4096]));
        c.reads(1 << 20);
        assertEquals(4096, c.taken.size());
        assertTrue(sink.isOpen());
    }

    @Test
    void completeWaitsForWhatWasWrittenAndASecondCompleteEndsAtOnce() {
        Connection c = new Connection(0);
        HttpSink sink = c.sink();
        sink.nonBlocking(1024, HttpSink.SlowConsumers.NONE, Runnable::run);
        c.writePossible();
        sink.write("last\n");
        sink.complete();
        assertEquals(0, c.completed, "the last event goes out first");
        c.reads(100);
        assertEquals("last\n", c.text());
        assertEquals(1, c.completed);

        Connection stuck = new Connection(0);
        HttpSink other = stuck.sink();
        other.nonBlocking(1024, HttpSink.SlowConsumers.NONE, Runnable::run);
        stuck.writePossible();
        other.write("never read\n");
        other.complete();
        assertEquals(0, stuck.completed);
        other.complete();
        assertEquals(1, stuck.completed, "asked again, the response ends without waiting");
        assertFalse(other.isOpen());
    }

    /**
     * Nothing writes to a stream once it was asked to end, so the slow-consumer bound never ends one whose client
     * keeps the connection but stops reading: the deadline does, without the bytes the client did not take.
     */
    @Test
    void lastBytesTheClientDoesNotTakeInTimeAreDroppedAndTheResponseEnds() {
        Connection stuck = new Connection(0);
        HttpSink sink = stuck.sink();
        List<Runnable> deadlines = new ArrayList<>();
        sink.nonBlocking(1024, HttpSink.SlowConsumers.NONE, Runnable::run, deadlines::add);
        stuck.writePossible();
        sink.write("the answer\n");
        sink.complete();
        assertEquals(0, stuck.completed, "the last event may still go out");
        assertEquals(1, deadlines.size(), "its wait is bounded");
        deadlines.get(0).run();
        assertEquals(1, stuck.completed, "the response ends");
        assertEquals(0, sink.unsentBytes(), "what the client did not take is dropped");
        assertFalse(sink.isOpen());
        stuck.reads(100);
        assertEquals("", stuck.text(), "and never written after the end");

        Connection reading = new Connection(0);
        HttpSink taken = reading.sink();
        List<Runnable> unused = new ArrayList<>();
        taken.nonBlocking(1024, HttpSink.SlowConsumers.NONE, Runnable::run, unused::add);
        reading.writePossible();
        taken.write("the answer\n");
        taken.complete();
        reading.reads(100);
        assertEquals(1, reading.completed);
        unused.forEach(Runnable::run);
        assertEquals(1, reading.completed, "a deadline after the end changes nothing");
        assertEquals("the answer\n", reading.text());
    }

    @Test
    void aResponseWithNothingWaitingEndsAtOnceWithoutADeadline() {
        Connection c = new Connection(100);
        HttpSink sink = c.sink();
        List<Runnable> deadlines = new ArrayList<>();
        sink.nonBlocking(1024, HttpSink.SlowConsumers.NONE, Runnable::run, deadlines::add);
        c.writePossible();
        sink.write("the answer\n");
        sink.complete();
        assertEquals(1, c.completed);
        assertEquals(List.of(), deadlines);
    }

    @Test
    void aFailedWriteMarksTheClientGone() {
        Connection c = new Connection(100);
        HttpSink sink = c.sink();
        sink.nonBlocking(1024, HttpSink.SlowConsumers.NONE, Runnable::run);
        c.writePossible();
        c.listener.onError(new java.io.IOException("broken pipe"));
        assertFalse(sink.isOpen());
        assertFalse(sink.write("x"));
        assertEquals(1, c.completed);
    }

    /** Where the container's writes block (Open Liberty): a writer thread writes; the writers to the stream never wait. */
    @Test
    void whereWritesBlockAWriterThreadWritesAndTheBoundStillEndsAStuckStream() throws Exception {
        java.util.concurrent.CountDownLatch clientReads = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicInteger written = new java.util.concurrent.atomic.AtomicInteger();
        Connection c = new Connection(Long.MAX_VALUE) {
            @Override
            public void write(byte[] b, int off, int len) {
                try {
                    // the socket is full until the client reads
                    clientReads.await(10, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                written.addAndGet(len);
            }
        };
        HttpSink sink = c.sink();
        List<Long> slow = new ArrayList<>();
        java.util.concurrent.ExecutorService writers = java.util.concurrent.Executors.newCachedThreadPool();
        try {
            sink.nonBlocking(100, (unsent, bound) -> slow.add(unsent), writers, HttpSink.LastBytesDeadline.NONE, true);
            long started = System.nanoTime();
            int accepted = 0;
            while (sink.write("0123456789abcdefghi\n")) {
                accepted++;
            }
            assertTrue(System.nanoTime() - started < 1_000_000_000L, "the writer never waited for the client");
            assertTrue(accepted >= 5, "what fits the bound was taken: " + accepted);
            assertEquals(1, slow.size());
            assertFalse(sink.isOpen());
            clientReads.countDown();
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (c.completed == 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(1, c.completed);
            assertTrue(written.get() <= 20, "at most the message being written when the stream was ended went out: " + written.get());
        } finally {
            writers.shutdownNow();
        }
    }

    /** Where writes block, a writer thread in a write the client does not take ends the response once the write returns. */
    @Test
    void whereWritesBlockTheDeadlineDropsWhatWaitsBehindABlockedWrite() throws Exception {
        BlockingConnection c = new BlockingConnection();
        java.util.concurrent.CountDownLatch clientReads = c.clientReads;
        java.util.concurrent.CountDownLatch writing = c.writing;
        HttpSink sink = c.sink();
        List<Runnable> deadlines = new ArrayList<>();
        java.util.concurrent.ExecutorService writers = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            sink.nonBlocking(1024, HttpSink.SlowConsumers.NONE, writers, deadlines::add, true);
            assertTrue(sink.write("first\n"));
            assertTrue(writing.await(5, java.util.concurrent.TimeUnit.SECONDS));
            assertTrue(sink.write("second\n"));
            sink.complete();
            assertEquals(1, deadlines.size());
            deadlines.get(0).run();
            assertFalse(sink.isOpen());
            assertEquals(0, c.completed, "not while the writer thread is in its write");
            clientReads.countDown();
            writers.shutdown();
            assertTrue(writers.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS));
            assertEquals(1, c.completed, "ended once the write returned");
            assertEquals("first\n", c.text(), "what waited behind it was dropped");
        } finally {
            writers.shutdownNow();
        }
    }

    @Test
    void whereWritesBlockTheLastMessageGoesOutBeforeTheEnd() throws Exception {
        Connection c = new Connection(Long.MAX_VALUE);
        HttpSink sink = c.sink();
        java.util.concurrent.ExecutorService writers = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            sink.nonBlocking(1024, HttpSink.SlowConsumers.NONE, writers, HttpSink.LastBytesDeadline.NONE, true);
            for (int i = 0; i < 5; i++) {
                assertTrue(sink.write("e" + i + "\n"));
            }
            sink.complete();
            writers.shutdown();
            assertTrue(writers.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS));
            assertEquals("e0\ne1\ne2\ne3\ne4\n", c.text(), "in order");
            assertEquals(1, c.completed);
        } finally {
            writers.shutdownNow();
        }
    }
}

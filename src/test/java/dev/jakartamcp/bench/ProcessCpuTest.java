package dev.jakartamcp.bench;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProcessCpuTest {
    @Test
    void userAndSystemTimeAreFieldsFourteenAndFifteenWhateverTheCommandName() {
        String stat = "4242 (node (v22) x) S 1 4242 4242 0 -1 4194560 1811 0 0 0 1234 567 0 0 20 0 11 0 12345 1000 100";
        assertEquals(1234 + 567, ProcessCpu.ticksOf(stat));
    }

    @Test
    void thisProcessHasUsedSomeCpuAndTheCountOnlyGrows() {
        long before = ProcessCpu.micros(ProcessHandle.current().pid());
        long spin = 0;
        for (long end = System.nanoTime() + 200_000_000L; System.nanoTime() < end; ) {
            spin++;
        }
        long after = ProcessCpu.micros(ProcessHandle.current().pid());
        assertTrue(spin > 0);
        assertTrue(before > 0, "CPU time of this JVM: " + before);
        assertTrue(after > before, "200 ms of spinning counted: " + before + " -> " + after);
        assertEquals(-1, ProcessCpu.micros(Long.MAX_VALUE));
    }

    @Test
    void ownTimeLeavesOutWhatAChildProcessUses() throws Exception {
        long pid = ProcessHandle.current().pid();
        Process child = new ProcessBuilder("sh", "-c", "while :; do :; done").start();
        try {
            long deadline = System.nanoTime() + 30_000_000_000L; // the child's 100 ms of CPU may take long on a busy machine
            long withChild;
            long own;
            do {
                Thread.sleep(200);
                withChild = ProcessCpu.micros(pid);
                own = ProcessCpu.ownMicros(pid);
            } while (withChild - own < 100_000 && System.nanoTime() < deadline);
            assertTrue(own > 0, "CPU time of this JVM alone: " + own);
            assertTrue(withChild - own >= 100_000, "a spinning child counted in micros, not in ownMicros: " + withChild + " vs " + own);
        } finally {
            child.destroyForcibly().waitFor();
        }
        assertEquals(-1, ProcessCpu.ownMicros(Long.MAX_VALUE));
    }
}

package dev.jakartamcp.tasks;

import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TaskIdsTest {

    @Test
    void idsCarry256RandomBitsAsBase64Url() {
        String id = TaskIds.newId();
        assertEquals(43, id.length());
        assertTrue(id.matches("[A-Za-z0-9_-]+"), id);
        assertEquals(32, Base64.getUrlDecoder().decode(id).length);
        assertTrue(TaskIds.wellFormed(id));
    }

    @Test
    void idsDoNotRepeat() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            assertTrue(seen.add(TaskIds.newId()));
        }
    }

    @Test
    void anythingElseIsNotWellFormed() {
        assertFalse(TaskIds.wellFormed(null));
        assertFalse(TaskIds.wellFormed("gate-test"));
        assertFalse(TaskIds.wellFormed("786512e2-9e0d-44bd-8f29-789f320fe840"));
        assertFalse(TaskIds.wellFormed(TaskIds.newId() + "A"));
        assertFalse(TaskIds.wellFormed(TaskIds.newId().substring(1) + "/"));
    }
}

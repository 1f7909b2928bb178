package dev.jakartamcp.protocol;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * What every per-caller limit (requests, item uses, sessions, streams, tasks) counts a caller as: with authorization
 * off an IPv6 client's whole /64, so that it cannot get a fresh allowance by sending from another of its addresses.
 */
class CallerQuotaKeyTest {
    @Test
    void anonymousCallersOfOneIpv6Slash64ShareTheirQuota() {
        assertEquals(Caller.anonymous("2001:db8:1:2::1").quotaKey(), Caller.anonymous("2001:db8:1:2:aaaa::7").quotaKey());
        assertNotEquals(Caller.anonymous("2001:db8:1:2::1").quotaKey(), Caller.anonymous("2001:db8:1:3::1").quotaKey());
        assertEquals(Caller.anonymous("192.0.2.1").quotaKey(), Caller.anonymous("::ffff:192.0.2.1").quotaKey());
        assertNotEquals(Caller.anonymous("192.0.2.1").quotaKey(), Caller.anonymous("192.0.2.2").quotaKey());
    }

    @Test
    void aVerifiedCallerIsItsIssuerAndSubjectWhateverItsAddress() {
        Caller alice = new Caller("https://issuer", "alice", Set.of(), Map.of(), null, "2001:db8:1:2::1");
        assertEquals(alice.bindingKey(), alice.quotaKey());
        assertEquals(alice.quotaKey(), new Caller("https://issuer", "alice", Set.of(), Map.of(), null, "192.0.2.9").quotaKey());
    }
}

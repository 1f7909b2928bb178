package dev.jakartamcp.limits;

import dev.jakartamcp.protocol.Caller;
import dev.jakartamcp.protocol.McpException;
import dev.jakartamcp.protocol.McpSettings;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Who a rate limit counts as one caller, with one request a minute per caller. */
class RateLimitsTest {
    private final Map<String, String> config = Map.of("mcp.rate-limit.requests-per-minute", "1");
    private final RateLimits limits = new RateLimits(new McpSettings(key -> Optional.ofNullable(config.get(key))));

    private boolean allowed(Caller caller) {
        try {
            limits.checkRequest(caller);
            return true;
        } catch (McpException e) {
            assertEquals(McpException.Reason.RATE_LIMITED, e.reason());
            return false;
        }
    }

    private boolean allowed(String address) {
        return allowed(Caller.anonymous(address));
    }

    /** An IPv6 client holds a /64 and can send from each of its addresses: they are one caller. */
    @Test
    void withAuthorizationOffTheAddressesOfAnIpv6Slash64AreOneCaller() {
        assertTrue(allowed("2001:db8:1:2::1"));
        assertFalse(allowed("2001:db8:1:2:ffff:ffff:ffff:9"), "another address of the same /64");
        assertFalse(allowed("2001:0db8:0001:0002:0:0:0:2"), "written out in full");
        assertFalse(allowed("[2001:db8:1:2::3]"));
        assertFalse(allowed("2001:db8:1:2::4%eth0"), "with a zone");
        assertTrue(allowed("2001:db8:1:3::1"), "the next /64 is another caller");
    }

    @Test
    void ipv4AddressesStayCallersOfTheirOwnAlsoWhenMappedToIpv6() {
        assertTrue(allowed("192.0.2.1"));
        assertTrue(allowed("192.0.2.2"));
        assertFalse(allowed("::ffff:192.0.2.1"), "the IPv4-mapped form of 192.0.2.1 is 192.0.2.1");
        assertTrue(allowed("::ffff:192.0.2.3"));
        assertFalse(allowed("192.0.2.3"));
    }

    @Test
    void whatIsNoAddressIsTakenAsItIs() {
        assertTrue(allowed("gateway.internal"));
        assertFalse(allowed("gateway.internal"));
        assertTrue(allowed("not:an:address:"));
        assertFalse(allowed("not:an:address:"));
        assertTrue(allowed("not:an:address:2"));
    }

    @Test
    void withAuthorizationOnTheTokensSubjectIsTheCallerWhateverTheAddress() {
        Caller alice = new Caller("https://issuer", "alice", Set.of(), Map.of(), null, "2001:db8:1:2::1");
        Caller bob = new Caller("https://issuer", "bob", Set.of(), Map.of(), null, "2001:db8:1:2::1");
        assertTrue(allowed(alice));
        assertTrue(allowed(bob));
        assertFalse(allowed(new Caller("https://issuer", "alice", Set.of(), Map.of(), null, "192.0.2.1")));
    }

    @Test
    void anItemsLimitCountsTheSlash64AsOneCallerToo() {
        RateLimit once = RateLimit.perMinute(1);
        limits.checkItem(Caller.anonymous("2001:db8:1:2::1"), "mcp.tools.search.rate-limit", "tool search", once);
        assertThrows(McpException.class, () -> limits.checkItem(Caller.anonymous("2001:db8:1:2::2"), "mcp.tools.search.rate-limit", "tool search", once));
    }
}

package dev.jakartamcp.transport;

import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GuardedRequestTest {
    private final Map<String, Object> attributes = new HashMap<>(Map.of("token", "alice's", "bean", "alice's bean"));
    /** The container took the request back: any use of it now would see another caller's request. */
    private final AtomicBoolean recycled = new AtomicBoolean();

    private final HttpServletRequest request = (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> {
                if (recycled.get() && !method.getName().equals("toString")) {
                    throw new AssertionError(method.getName() + " reached the recycled request");
                }
                return switch (method.getName()) {
                    case "getAttribute" -> attributes.get((String) args[0]);
                    case "getAttributeNames" -> Collections.enumeration(List.copyOf(attributes.keySet()));
                    case "setAttribute" -> attributes.put((String) args[0], args[1]);
                    case "getRemoteUser" -> "alice";
                    case "toString" -> "request";
                    default -> null;
                };
            });

    @Test
    void whileLiveEverythingIsTheRequests() {
        HttpServletRequest view = GuardedRequest.of(request).view();
        assertEquals("alice", view.getRemoteUser());
        view.setAttribute("late", "x");
        assertEquals("x", attributes.get("late"));
        assertEquals("alice's", view.getAttribute("token"));
        assertEquals("GuardedRequest[request]", view.toString());
        assertTrue(view.equals(view));
        assertFalse(view.equals(request));
    }

    @Test
    void afterTheResponseEndedOnlyACopyOfTheAttributesIsLeft() {
        GuardedRequest guarded = GuardedRequest.of(request);
        HttpServletRequest view = guarded.view();
        guarded.end();
        recycled.set(true);
        attributes.clear();
        attributes.put("token", "bob's");

        assertEquals("alice's", view.getAttribute("token"), "a late first use of the token still sees this call's caller");
        assertEquals("alice's bean", view.getAttribute("bean"));
        view.setAttribute("new bean", "n");
        assertEquals("n", view.getAttribute("new bean"));
        view.removeAttribute("new bean");
        assertNull(view.getAttribute("new bean"));
        assertEquals(List.of("bean", "token"), Collections.list(view.getAttributeNames()).stream().sorted().toList());
        IllegalStateException e = assertThrows(IllegalStateException.class, view::getRemoteUser);
        assertTrue(e.getMessage().contains("getRemoteUser is no longer available"), e.getMessage());
        guarded.end(); // again: nothing changes, nothing reaches the request
        assertEquals("alice's", view.getAttribute("token"));
    }

    /** The author's code ends the response through the request itself: the end does not wait for that use, its own. */
    @Test
    void anEndFromWithinAUseOfTheRequestDoesNotWaitForItself() {
        GuardedRequest[] guarded = new GuardedRequest[1];
        HttpServletRequest completing = (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getAttributeNames" -> Collections.enumeration(List.of("token"));
                    case "getAttribute" -> "alice's";
                    case "startAsync" -> {
                        guarded[0].end(); // as a container calling the response's listeners on the completing thread
                        yield null;
                    }
                    default -> null;
                });
        guarded[0] = GuardedRequest.of(completing);
        HttpServletRequest view = guarded[0].view();
        assertTimeoutPreemptively(java.time.Duration.ofSeconds(5), () -> view.startAsync());
        assertEquals("alice's", view.getAttribute("token"));
        assertThrows(IllegalStateException.class, view::getRemoteUser);
    }

    @Test
    void afterTheWorkEndedNothingIsCopiedAndNothingReachesTheRequest() {
        GuardedRequest guarded = GuardedRequest.of(request);
        HttpServletRequest view = guarded.view();
        guarded.close();
        recycled.set(true);
        guarded.end(); // the response ends after the work: nothing to copy for
        assertNull(view.getAttribute("token"));
        assertThrows(IllegalStateException.class, view::getRemoteUser);
    }
}

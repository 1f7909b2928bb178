package dev.jakartamcp.protocol;

import java.util.ArrayList;
import java.util.List;

/**
 * What per-caller limits (rate limits, sessions, streams, tasks) count an anonymous caller (authorization off) by: an IPv6 address's /64, the network of one
 * client (which may send from any of its 2^64 addresses), or an IPv4 address itself, also written as IPv4-mapped
 * IPv6. Anything else (no address literal) is taken as it is. Parsed here, never by {@code InetAddress}, which may ask
 * the DNS about what is no literal.
 */
public final class AddressGroup {
    private static final int WORDS = 8;

    private AddressGroup() {
    }

    public static String of(String address) {
        if (address.indexOf(':') < 0) {
            return address;
        }
        String literal = address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1) : address;
        int zone = literal.indexOf('%');
        int[] words = ipv6(zone < 0 ? literal : literal.substring(0, zone));
        if (words == null) {
            return address;
        }
        if (words[0] == 0 && words[1] == 0 && words[2] == 0 && words[3] == 0 && words[4] == 0 && words[5] == 0xffff) {
            return (words[6] >> 8) + "." + (words[6] & 0xff) + "." + (words[7] >> 8) + "." + (words[7] & 0xff);
        }
        return String.format("%x:%x:%x:%x::/64", words[0], words[1], words[2], words[3]);
    }

    /** The eight 16-bit words of an IPv6 address (RFC 4291 text, an IPv4 tail allowed), or null. */
    private static int[] ipv6(String text) {
        int gap = text.indexOf("::");
        if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
            return null;
        }
        List<Integer> head = words(gap < 0 ? text : text.substring(0, gap));
        List<Integer> tail = gap < 0 ? List.of() : words(text.substring(gap + 2));
        if (head == null || tail == null) {
            return null;
        }
        int missing = WORDS - head.size() - tail.size();
        if (gap < 0 ? missing != 0 : missing < 1) {
            return null;
        }
        int[] words = new int[WORDS];
        for (int i = 0; i < head.size(); i++) {
            words[i] = head.get(i);
        }
        for (int i = 0; i < tail.size(); i++) {
            words[WORDS - tail.size() + i] = tail.get(i);
        }
        return words;
    }

    private static List<Integer> words(String part) {
        List<Integer> words = new ArrayList<>();
        if (part.isEmpty()) {
            return words;
        }
        String[] groups = part.split(":", -1);
        for (int i = 0; i < groups.length; i++) {
            String group = groups[i];
            if (i == groups.length - 1 && group.indexOf('.') >= 0) {
                int[] octets = ipv4(group);
                if (octets == null) {
                    return null;
                }
                words.add(octets[0] << 8 | octets[1]);
                words.add(octets[2] << 8 | octets[3]);
            } else if (group.length() >= 1 && group.length() <= 4 && group.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                words.add(Integer.parseInt(group, 16));
            } else {
                return null;
            }
        }
        return words;
    }

    private static int[] ipv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        int[] octets = new int[4];
        for (int i = 0; i < 4; i++) {
            String part = parts[i];
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return null;
            }
            octets[i] = Integer.parseInt(part);
            if (octets[i] > 255) {
                return null;
            }
        }
        return octets;
    }
}

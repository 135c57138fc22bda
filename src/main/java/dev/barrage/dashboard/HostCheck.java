package dev.barrage.dashboard;

import io.netty.util.NetUtil;

import java.net.InetAddress;
import java.util.Locale;

/**
 * Which {@code Host} headers the dashboard answers, against DNS rebinding: a page on
 * {@code evil.example} whose name is re-pointed to 127.0.0.1 could otherwise read the results
 * from the visitor's browser. Such a request still carries {@code Host: evil.example}, so only
 * names that cannot be rebound are accepted: {@code localhost}, loopback addresses, the
 * {@code --host} given and the address it was bound to. Bound to every interface (0.0.0.0, ::),
 * any address literal is accepted too: an attacker controls names, never the victim's addresses.
 * Never looks a name up.
 */
final class HostCheck {
    private final String boundName;
    private final InetAddress boundAddress;

    HostCheck(String boundName, InetAddress boundAddress) {
        this.boundName = normalise(boundName);
        this.boundAddress = boundAddress;
    }

    /** True when a request with this {@code Host} header (null when absent) may be answered. */
    boolean allows(String hostHeader) {
        String name = hostName(hostHeader);
        if (name == null) {
            return false;
        }
        if (name.equals("localhost") || name.equals(boundName)) {
            return true;
        }
        InetAddress literal = literal(name);
        return literal != null && (literal.isLoopbackAddress() || literal.equals(boundAddress)
                || boundAddress.isAnyLocalAddress());
    }

    /** Why a request with this {@code Host} header is not answered, and what to do: one line. */
    String refusal(String hostHeader) {
        String name = hostName(hostHeader);
        String accepted = boundAddress.isLoopbackAddress() ? "localhost and loopback addresses"
                : "localhost, loopback addresses and " + boundName;
        if (name == null) {
            return "refused: the request has " + (hostHeader == null ? "no Host header" : "a malformed Host header")
                    + "; this dashboard answers to " + accepted + ".";
        }
        return "refused: this dashboard does not answer to Host '" + name + "' (only to " + accepted
                + "); to serve that name, start it with --host " + name + ".";
    }

    /** The name without the port or an IPv6 literal's brackets, lower case; null when malformed. */
    static String hostName(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String h = header.trim();
        String port = "";
        String name;
        if (h.startsWith("[")) {
            int close = h.indexOf(']');
            if (close < 0) {
                return null;
            }
            name = h.substring(1, close);
            String rest = h.substring(close + 1);
            if (!rest.isEmpty() && !rest.startsWith(":")) {
                return null;
            }
            port = rest.isEmpty() ? "" : rest.substring(1);
            if (!NetUtil.isValidIpV6Address(name)) {
                return null;
            }
        } else {
            int colon = h.indexOf(':');
            name = colon < 0 ? h : h.substring(0, colon);
            port = colon < 0 ? "" : h.substring(colon + 1);
        }
        if (!port.chars().allMatch(Character::isDigit) || name.isEmpty()) {
            return null;
        }
        return normalise(name);
    }

    private static String normalise(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.startsWith("[") && n.endsWith("]")) {
            n = n.substring(1, n.length() - 1);
        }
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }

    /** The address an IP literal stands for, parsed without any lookup; null for a name. */
    private static InetAddress literal(String name) {
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(name);
        if (bytes == null) {
            return null;
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (java.net.UnknownHostException impossible) {
            return null; // only thrown for a wrong length, which the parser never returns
        }
    }
}

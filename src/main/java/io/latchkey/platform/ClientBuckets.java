package io.latchkey.platform;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.StringJoiner;

/**
 * One client, as every per-address budget counts it: an IPv4 address by itself, an IPv6 address by its /64
 * (the block one subscriber usually holds, so rotating through it buys nothing), an IPv4-mapped IPv6 address
 * as the IPv4 address. The failed-auth throttle, leak reports, dead-key audit rows and pending provider
 * sign-ins all count through {@link #of}, so a client has one budget however it writes its address.
 */
public final class ClientBuckets {

    private ClientBuckets() {
    }

    /** {@code 192.0.2.1}, {@code 2001:db8:0:1::/64}; what is not an address literal stays as it is (null too). */
    public static String of(String client) {
        if (client == null || client.isEmpty() || !isLiteral(client)) {
            return client;
        }
        try {
            InetAddress address = InetAddress.getByName(client);
            if (!(address instanceof Inet6Address)) {
                return address.getHostAddress();
            }
            byte[] bytes = address.getAddress();
            StringJoiner prefix = new StringJoiner(":", "", "::/64");
            for (int i = 0; i < 8; i += 2) {
                prefix.add(Integer.toHexString(((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff)));
            }
            return prefix.toString();
        } catch (UnknownHostException e) {
            return client;
        }
    }

    /** Only hex digits, dots, colons (and a zone after %): never a name, so {@link InetAddress} never looks one up. */
    private static boolean isLiteral(String client) {
        int zone = client.indexOf('%');
        String address = zone < 0 ? client : client.substring(0, zone);
        if (address.isEmpty() || address.length() > 45) {
            return false;
        }
        for (char c : address.toCharArray()) {
            if (!(Character.digit(c, 16) >= 0 || c == '.' || c == ':')) {
                return false;
            }
        }
        return address.contains(":") || address.chars().filter(c -> c == '.').count() == 3;
    }
}

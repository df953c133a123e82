package io.latchkey.keys.entity;

import io.latchkey.platform.Refusal;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The client addresses a key may be used from: IPv4 and IPv6 networks in CIDR notation (a bare address is
 * one host). None means any address. Kept in canonical form (network address, host bits cleared, lower
 * case), so that what is shown is what is enforced. Parsing never resolves names: only literals pass.
 */
public final class AllowedAddresses {

    public static final int MAX_RANGES = 32;
    private static final AllowedAddresses ANY = new AllowedAddresses(List.of());
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])){3}");
    /** Hex digits, colons and (for an embedded IPv4 tail) dots, with at least one colon: never a host name. */
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private final List<Range> ranges;

    private AllowedAddresses(List<Range> ranges) {
        this.ranges = ranges;
    }

    /** One network: its address bytes with host bits cleared, and the prefix length. */
    private record Range(byte[] network, int prefix) {

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int whole = prefix / 8;
            for (int i = 0; i < whole; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = 0xFF << (8 - rest) & 0xFF;
            return (address[whole] & mask) == (network[whole] & 0xFF);
        }

        /** Whether every address of {@code other} is in this network. */
        boolean covers(Range other) {
            return other.network.length == network.length && other.prefix >= prefix && contains(other.network);
        }

        String wire() {
            return (network.length == 4 ? ipv4(network) : ipv6(network)) + "/" + prefix;
        }

        private static String ipv4(byte[] bytes) {
            return (bytes[0] & 0xFF) + "." + (bytes[1] & 0xFF) + "." + (bytes[2] & 0xFF) + "." + (bytes[3] & 0xFF);
        }

        /** RFC 5952: lower case, no leading zeros, the longest run of two or more zero groups as {@code ::}. */
        private static String ipv6(byte[] bytes) {
            int[] groups = new int[8];
            for (int i = 0; i < 8; i++) {
                groups[i] = (bytes[2 * i] & 0xFF) << 8 | bytes[2 * i + 1] & 0xFF;
            }
            int bestStart = -1;
            int bestLength = 1;
            for (int i = 0; i < 8; i++) {
                int length = 0;
                while (i + length < 8 && groups[i + length] == 0) {
                    length++;
                }
                if (length > bestLength) {
                    bestStart = i;
                    bestLength = length;
                }
            }
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < 8; i++) {
                if (i == bestStart) {
                    text.append("::");
                    i += bestLength - 1;
                    continue;
                }
                if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                    text.append(':');
                }
                text.append(Integer.toHexString(groups[i]));
            }
            return text.toString();
        }
    }

    public static AllowedAddresses any() {
        return ANY;
    }

    /**
     * The networks a client gave (each {@code address} or {@code address/prefix}); a refusal naming
     * {@code allowed_cidrs} for any that is not one, or for more than {@link #MAX_RANGES}.
     */
    public static AllowedAddresses parse(List<String> given) {
        if (given.size() > MAX_RANGES) {
            throw Refusal.invalid("allowed_cidrs", "must list at most " + MAX_RANGES + " networks");
        }
        Set<String> canonical = new LinkedHashSet<>();
        List<Range> ranges = new ArrayList<>();
        for (String text : given) {
            Range range = range(text).orElseThrow(() -> Refusal.invalid("allowed_cidrs",
                    "each must be an IPv4 or IPv6 network such as 203.0.113.0/24 or 2001:db8::/32"));
            if (canonical.add(range.wire())) {
                ranges.add(range);
            }
        }
        return new AllowedAddresses(List.copyOf(ranges));
    }

    /** As stored: canonical networks, comma-separated; null or empty is any address. */
    public static AllowedAddresses fromColumn(String column) {
        if (column == null || column.isEmpty()) {
            return ANY;
        }
        return parse(Arrays.asList(column.split(",")));
    }

    public String toColumn() {
        return ranges.isEmpty() ? null : String.join(",", wire());
    }

    public List<String> wire() {
        return ranges.stream().map(Range::wire).toList();
    }

    public boolean isAny() {
        return ranges.isEmpty();
    }

    /** Whether every address {@code other} allows is one this allows: any covers all; nothing but any covers any. */
    public boolean covers(AllowedAddresses other) {
        return ranges.isEmpty() || !other.ranges.isEmpty()
                && other.ranges.stream().allMatch(range -> ranges.stream().anyMatch(mine -> mine.covers(range)));
    }

    /**
     * Whether a client at {@code address} (an IP literal, as the client-address rules determined it) may use
     * the key. An unknown or unreadable address is allowed only when every address is.
     */
    public boolean allows(String address) {
        if (ranges.isEmpty()) {
            return true;
        }
        Optional<byte[]> bytes = address == null ? Optional.empty() : literal(address.strip());
        return bytes.isPresent() && ranges.stream().anyMatch(range -> range.contains(bytes.get()));
    }

    private static Optional<Range> range(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String trimmed = text.strip();
        int slash = trimmed.indexOf('/');
        Optional<byte[]> address = literal(slash < 0 ? trimmed : trimmed.substring(0, slash));
        if (address.isEmpty()) {
            return Optional.empty();
        }
        byte[] network = address.get();
        int bits = network.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            String digits = trimmed.substring(slash + 1);
            if (!digits.matches("[0-9]{1,3}")) {
                return Optional.empty();
            }
            prefix = Integer.parseInt(digits);
            if (prefix > bits) {
                return Optional.empty();
            }
        }
        for (int bit = prefix; bit < bits; bit++) {
            network[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        return Optional.of(new Range(network, prefix));
    }

    /** The bytes of an IP literal (an IPv4-mapped IPv6 address as IPv4), or empty: never a name lookup. */
    private static Optional<byte[]> literal(String text) {
        if (!IPV4.matcher(text).matches() && !(text.length() <= 45 && IPV6.matcher(text).matches())) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(text).getAddress());
        } catch (UnknownHostException | SecurityException notAnAddress) {
            return Optional.empty();
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AllowedAddresses that && wire().equals(that.wire());
    }

    @Override
    public int hashCode() {
        return wire().hashCode();
    }

    @Override
    public String toString() {
        return isAny() ? "any address" : String.join(",", wire());
    }
}

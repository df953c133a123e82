package io.latchkey.keys.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.latchkey.platform.Refusal;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class AllowedAddressesTest {

    @ParameterizedTest(name = "{0} is kept as {1}")
    @CsvSource({
            "203.0.113.0/24, 203.0.113.0/24",
            "203.0.113.77/24, 203.0.113.0/24",
            "198.51.100.7, 198.51.100.7/32",
            "10.1.2.3/0, 0.0.0.0/0",
            "2001:DB8::/32, 2001:db8::/32",
            "2001:db8:0:0:0:0:0:1, 2001:db8::1/128",
            "2001:db8:abcd:12:ffff::/48, 2001:db8:abcd::/48",
            "::1, ::1/128",
            "::ffff:192.0.2.1, 192.0.2.1/32",
            "' 192.0.2.0/25 ', 192.0.2.0/25"})
    void networksAreKeptInCanonicalForm(String given, String canonical) {
        assertEquals(List.of(canonical), AllowedAddresses.parse(List.of(given)).wire());
    }

    @ParameterizedTest(name = "{0} is refused")
    @ValueSource(strings = {"", "localhost", "example.com", "abc", "10.0.0.0/33", "2001:db8::/129", "10.0.0/8",
            "256.1.1.1", "10.0.0.1/", "10.0.0.1/-1", "10.0.0.1/8/8", "1.2.3.4/x", "fe80::1%eth0", "2001:db8::g",
            "01.2.3.4", ":::", "1:2:3:4:5:6:7:8:9"})
    void anythingButAnAddressOrNetworkIsRefused(String given) {
        Refusal refused = assertThrows(Refusal.class, () -> AllowedAddresses.parse(List.of(given)));
        assertEquals("allowed_cidrs", refused.fields().get(0).name());
    }

    @Test
    void atMostThirtyTwoNetworks() {
        List<String> many = IntStream.range(0, 33).mapToObj(i -> "10.0." + i + ".0/24").toList();
        assertThrows(Refusal.class, () -> AllowedAddresses.parse(many));
        assertEquals(32, AllowedAddresses.parse(many.subList(0, 32)).wire().size());
    }

    @Test
    void aClientMustBeInsideOneOfTheNetworks() {
        AllowedAddresses allowed = AllowedAddresses.parse(List.of("203.0.113.0/24", "2001:db8:abcd::/48", "192.0.2.128/25"));
        assertTrue(allowed.allows("203.0.113.1"));
        assertTrue(allowed.allows("203.0.113.255"));
        assertFalse(allowed.allows("203.0.114.1"));
        assertTrue(allowed.allows("192.0.2.200"));
        assertFalse(allowed.allows("192.0.2.127"), "outside the /25 by one bit");
        assertTrue(allowed.allows("2001:db8:abcd:1::5"));
        assertFalse(allowed.allows("2001:db8:abce::1"));
        assertTrue(allowed.allows("::ffff:203.0.113.9"), "an IPv4-mapped IPv6 client is its IPv4 address");
        assertFalse(allowed.allows(null), "an unknown client is refused when the key is limited");
        assertFalse(allowed.allows("not-an-address"));
    }

    @Test
    void noNetworksMeansAnyAddress() {
        AllowedAddresses any = AllowedAddresses.parse(Collections.emptyList());
        assertTrue(any.isAny());
        assertTrue(any.allows("198.51.100.1"));
        assertTrue(any.allows(null));
        assertNull(any.toColumn());
        assertEquals(any, AllowedAddresses.fromColumn(null));
    }

    @Test
    void theStoredFormReadsBackTheSame() {
        AllowedAddresses allowed = AllowedAddresses.parse(List.of("203.0.113.5/24", "2001:db8::/32", "203.0.113.0/24"));
        assertEquals(List.of("203.0.113.0/24", "2001:db8::/32"), allowed.wire(), "duplicates after canonicalisation are dropped");
        assertEquals(allowed, AllowedAddresses.fromColumn(allowed.toColumn()));
    }

    @Test
    void coversOnlyWhatLiesInsideItsNetworks() {
        AllowedAddresses office = AllowedAddresses.parse(List.of("203.0.113.0/24", "2001:db8::/32"));
        assertTrue(office.covers(AllowedAddresses.parse(List.of("203.0.113.128/25", "203.0.113.7"))));
        assertTrue(office.covers(AllowedAddresses.parse(List.of("2001:db8:abcd::/48", "203.0.113.0/24"))));
        assertTrue(office.covers(office));
        assertFalse(office.covers(AllowedAddresses.parse(List.of("203.0.112.0/23"))), "a wider network");
        assertFalse(office.covers(AllowedAddresses.parse(List.of("203.0.113.0/24", "198.51.100.1"))), "one host outside");
        assertFalse(office.covers(AllowedAddresses.parse(List.of("0.0.0.0/0"))), "every IPv4 address");
        assertTrue(office.covers(AllowedAddresses.parse(List.of("::ffff:203.0.113.9"))), "an IPv4-mapped host is its IPv4 address");
        assertFalse(office.covers(AllowedAddresses.any()), "any address lies outside every list");
        assertTrue(AllowedAddresses.any().covers(office));
        assertTrue(AllowedAddresses.any().covers(AllowedAddresses.any()));
    }
}

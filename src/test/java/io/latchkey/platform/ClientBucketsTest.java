package io.latchkey.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class ClientBucketsTest {

    @Test
    void anIpv6ClientIsItsSlash64HoweverItIsWritten() {
        assertEquals("2001:db8:0:1::/64", ClientBuckets.of("2001:db8:0:1::1"));
        assertEquals("2001:db8:0:1::/64", ClientBuckets.of("2001:0DB8:0000:0001:ffff:ffff:ffff:ffff"));
        assertEquals("2001:db8:0:1::/64", ClientBuckets.of("2001:db8:0:1::1%eth0"));
        assertNotEquals(ClientBuckets.of("2001:db8:0:1::1"), ClientBuckets.of("2001:db8:0:2::1"));
        assertEquals("0:0:0:0::/64", ClientBuckets.of("::1"));
    }

    @Test
    void anIpv4ClientIsItsAddressAlsoWhenMappedIntoIpv6() {
        assertEquals("192.0.2.1", ClientBuckets.of("192.0.2.1"));
        assertEquals("192.0.2.1", ClientBuckets.of("::ffff:192.0.2.1"));
        assertNotEquals(ClientBuckets.of("192.0.2.1"), ClientBuckets.of("192.0.2.2"));
    }

    @Test
    void whatIsNoAddressIsLeftAsItIsAndNeverLookedUp() {
        assertNull(ClientBuckets.of(null));
        assertEquals("", ClientBuckets.of(""));
        assertEquals("localhost", ClientBuckets.of("localhost"));
        assertEquals("unknown", ClientBuckets.of("unknown"));
        assertEquals("1.2.3", ClientBuckets.of("1.2.3"));
    }
}

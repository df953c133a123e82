package io.latchkey.accounts.entity;

import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class KeyPolicyTest {

    @Test
    void policiesRespectTheCeiling() {
        assertThrows(IllegalArgumentException.class, () -> new KeyPolicy(366, 180, 100));
        assertThrows(IllegalArgumentException.class, () -> new KeyPolicy(90, 180, 100));
        assertThrows(IllegalArgumentException.class, () -> new KeyPolicy(365, 180, 0));
    }
}

package io.latchkey.notices.control;

import java.time.Instant;
import java.util.List;

/**
 * Everything one weekly digest needs: the organization's keys expiring soon, grouped by owner (at most
 * {@link #LIST_MAX} listed, {@code total} counted), and its admins. Holds no secret.
 */
public record DigestDelivery(String digestId, String messageId, String organizationName, String isoWeek,
                             List<Recipient> admins, List<Owner> owners, long total) {

    /** The most keys one digest lists; the rest are counted. */
    public static final int LIST_MAX = 200;

    public DigestDelivery {
        admins = List.copyOf(admins);
        owners = List.copyOf(owners);
    }

    /** One owner and their expiring keys, soonest first. */
    public record Owner(String email, String name, boolean active, List<Key> keys) {

        public Owner {
            keys = List.copyOf(keys);
        }
    }

    /** One expiring key. */
    public record Key(String keyId, String description, String maskedKey, Instant expiresAt) {
    }

    public int listed() {
        return owners.stream().mapToInt(o -> o.keys().size()).sum();
    }
}

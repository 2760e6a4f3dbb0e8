package org.dhcpv6.failover.core.internal.wire;

import java.util.List;

/** Header checks shared by every message record (RFC 8156 §5.2, §5.4). */
final class MessageChecks {

    private MessageChecks() {
    }

    /** Checks the header fields and returns an immutable, containment-checked copy of the options. */
    static List<Option> check(int transactionId, long sentTime, List<Option> options) {
        if (transactionId < 0 || transactionId > FailoverMessage.MAX_TRANSACTION_ID) {
            throw new IllegalArgumentException("transaction-id must be 0..16777215: " + transactionId);
        }
        Checks.u32(sentTime, "sent-time");
        return Containment.check(Containment.TOP, options);
    }
}

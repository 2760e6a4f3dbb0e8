package org.dhcpv6.failover.core.store;

/**
 * A record payload could not be decoded. Carries the offset inside the payload so the caller can
 * report the absolute file offset.
 */
final class CorruptRecordException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int payloadOffset;

    CorruptRecordException(int payloadOffset, String reason, Throwable cause) {
        super(reason, cause);
        this.payloadOffset = payloadOffset;
    }

    int payloadOffset() {
        return payloadOffset;
    }
}

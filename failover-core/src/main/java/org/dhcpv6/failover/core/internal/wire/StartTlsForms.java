package org.dhcpv6.failover.core.internal.wire;

import java.util.List;

/**
 * Tells the two header forms of STARTTLS and REPLY apart (digest §11: not stated by the RFCs).
 *
 * <p>The RFC 7653 form is tried first: it is the form RFC 7653 defines and the one we send. It
 * wins when everything after the 4-octet header parses as options and every top-level option
 * is one we know. Otherwise the octets are read as the RFC 8156 form with a sent-time. A real
 * sent-time read as an option header gives a code of (seconds since 2000) / 65536, which is
 * far above any known code after the first 100 days of 2000, so the two do not collide in
 * practice; either way the message re-encodes to the octets it came from.
 */
final class StartTlsForms {

    private StartTlsForms() {
    }

    static FailoverMessage decode(MessageType type, int xid, byte[] buf, int offset, int length)
            throws MalformedMessageException {
        int afterShort = offset + MessageCodec.SHORT_HEADER_LENGTH;
        List<Option> shortForm = null;
        MalformedMessageException shortFormError = null;
        try {
            shortForm = OptionCodec.decodeList(
                    new WireReader(buf, offset, afterShort, offset + length), Containment.TOP, 0);
            if (allKnown(shortForm)) {
                return build(type, xid, 0, shortForm, false);
            }
        } catch (MalformedMessageException e) {
            shortFormError = e;
        }
        if (length >= MessageCodec.HEADER_LENGTH) {
            WireReader r = new WireReader(buf, offset, afterShort, offset + length);
            long sentTime = r.u32();
            try {
                return build(type, xid, sentTime, OptionCodec.decodeList(r, Containment.TOP, 0), true);
            } catch (MalformedMessageException e) {
                if (shortFormError != null) {
                    // Neither form fits; report the RFC 7653 reading, the form we expect.
                    throw shortFormError;
                }
            }
        }
        if (shortForm != null) {
            return build(type, xid, 0, shortForm, false);
        }
        throw shortFormError;
    }

    private static boolean allKnown(List<Option> options) {
        for (Option o : options) {
            if (o.kind() == OptionKind.UNKNOWN) {
                return false;
            }
        }
        return true;
    }

    private static FailoverMessage build(MessageType type, int xid, long sentTime, List<Option> options,
            boolean withSentTime) {
        return type == MessageType.STARTTLS
                ? new StartTls(xid, sentTime, options, withSentTime)
                : new StartTlsReply(xid, sentTime, options, withSentTime);
    }
}

package org.dhcpv6.failover.core.internal.sync;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.dhcpv6.failover.api.Binding;
import org.dhcpv6.failover.api.BindingStatus;
import org.dhcpv6.failover.api.ClientIdentity;
import org.dhcpv6.failover.api.Resource;
import org.dhcpv6.failover.core.internal.time.WireTime;
import org.dhcpv6.failover.core.internal.wire.BndReply;
import org.dhcpv6.failover.core.internal.wire.BndUpd;
import org.dhcpv6.failover.core.internal.wire.MessageWriter;
import org.dhcpv6.failover.core.internal.wire.Option;
import org.dhcpv6.failover.core.internal.wire.StatusCodeOption;

/**
 * Turns bindings into BNDUPD items and back, and builds and reads the BNDREPLY that answers them
 * (RFC 8156 §7.4–§7.7). Pure functions over the wire records of
 * {@code org.dhcpv6.failover.core.internal.wire}: no state, no I/O, no logging; safe from any thread.
 *
 * <p>Times: partner times are read through a {@link TimeTranslator} (skew applied), except the
 * two values that are our own times coming back: PARTNER_RAW_CLT_TIME in a BNDUPD and
 * PARTNER_LIFETIME_SENT in a BNDREPLY, which are only unwrapped with {@link WireTime}.
 */
public final class BindingMessages {

    private BindingMessages() {
    }

    /**
     * One binding as a BNDUPD item (RFC 8156 §7.4, digest §3.3).
     *
     * <p>With a client: an OPTION_CLIENT_DATA holding CLIENTID, LQ_BASE_TIME ({@code now}) and one
     * IA of the client's type (IAID, T1, T2) with one IAADDR or IAPREFIX carrying the lifetimes and
     * BINDING_STATUS, START_TIME_OF_STATE, STATE_EXPIRATION_TIME (if set), CLT_TIME (if known,
     * relative to the base time, never negative), PARTNER_LIFETIME (if given),
     * PARTNER_RAW_CLT_TIME (if known, unadjusted) and EXPIRATION_TIME (if set). Without a client,
     * a bare OPTION_IAPREFIX for a delegable prefix with LQ_BASE_TIME, BINDING_STATUS,
     * START_TIME_OF_STATE and the same optional times (no CLT_TIME, there being no client).
     *
     * @param b the binding to send
     * @param partnerLifetimeToSendOrNull the PARTNER_LIFETIME to offer (§7.3), or null for none
     * @param now our wall clock, sent as LQ_BASE_TIME
     * @param t writes our instants as wire values
     * @throws IllegalArgumentException if {@code b} is an address without a client: RFC 8156 §7.4
     *                                  only sends addresses inside OPTION_CLIENT_DATA
     */
    public static Option updateOption(Binding b, Instant partnerLifetimeToSendOrNull, Instant now,
            TimeTranslator t) {
        return UpdateEncoder.updateOption(b, partnerLifetimeToSendOrNull, now, t);
    }

    /**
     * A whole BNDUPD for one binding: {@link #updateOption} wrapped with the header (RFC 8156 §5.2).
     *
     * @param xid the 24-bit transaction-id
     * @param sentTime the header sent-time, a wire time
     * @throws IllegalArgumentException as {@link #updateOption}, or for a bad header field
     */
    public static BndUpd update(int xid, long sentTime, Binding b, Instant partnerLifetimeOrNull, Instant now,
            TimeTranslator t) {
        return BndUpd.of(xid, sentTime, updateOption(b, partnerLifetimeOrNull, now, t));
    }

    /**
     * The body of {@link #update} written straight to octets with {@code writer}: the same octets
     * {@code MessageCodec.encode(update(...))} gives, and the same checks, without the option
     * records in between. For the BNDUPDs sent in bulk.
     *
     * @throws IllegalArgumentException as {@link #update}
     */
    public static byte[] updateBody(MessageWriter writer, int xid, long sentTime, Binding b,
            Instant partnerLifetimeOrNull, Instant now, TimeTranslator t) {
        return UpdateEncoder.updateBody(writer, xid, sentTime, b, partnerLifetimeOrNull, now, t);
    }

    /**
     * Every lease of a received BNDUPD, in wire order, with times on our clock (RFC 8156 §7.4,
     * §7.5.5). Several IAs, and several IAADDR/IAPREFIX per IA, are allowed; {@code index} runs
     * 0..n−1 and keys {@link #reply}'s per-lease rejections.
     *
     * @throws MissingBindingDataException when the message must be rejected with
     *         MissingBindingInformation (18), RFC 8156 §7.5.3: not exactly one CLIENT_DATA or
     *         exactly one bare IAPREFIX; CLIENT_DATA without CLIENTID, LQ_BASE_TIME or any IA; an
     *         IA without a lease; a bare IAPREFIX without LQ_BASE_TIME; a lease without
     *         BINDING_STATUS or START_TIME_OF_STATE, with an unknown binding status, or ACTIVE
     *         without a client
     */
    public static List<ReceivedLease> leases(BndUpd update, TimeTranslator t) throws MissingBindingDataException {
        return UpdateDecoder.leases(update, t);
    }

    /**
     * Whether the BNDUPD carries OPTION_VSS (at the top, in CLIENT_DATA or in the bare IAPREFIX).
     * We serve only the default VPN, so such an item is answered with ConfigurationConflict (17),
     * RFC 8156 §7.5.3 and RFC 6607.
     */
    public static boolean hasVss(BndUpd update) {
        return UpdateDecoder.hasVss(Objects.requireNonNull(update, "update"));
    }

    /**
     * The BNDREPLY mirroring {@code update} (RFC 8156 §7.6, digest §3.4): same transaction-id; the
     * CLIENT_DATA with CLIENTID (and VSS if present) and each IA (IAID, T1, T2) with each lease
     * carrying STATUS_CODE only when rejected, BINDING_STATUS and STATE_EXPIRATION_TIME as received
     * and PARTNER_LIFETIME_SENT equal to the received PARTNER_LIFETIME; or the same for a bare
     * IAPREFIX. A top-level rejection sits directly in the CLIENT_DATA or bare IAPREFIX and
     * covers every lease, so per-lease statuses are then not needed.
     *
     * @param rejectionsByLeaseIndex status per rejected lease, keyed by {@link ReceivedLease#index()}
     * @param topLevelRejectionOrNull a status rejecting the whole item, or null
     * @throws IllegalArgumentException if a key names no lease, or the BNDUPD holds no item and
     *                                  there is no top-level rejection
     */
    public static BndReply reply(BndUpd update, long sentTime, Map<Integer, StatusCodeOption> rejectionsByLeaseIndex,
            StatusCodeOption topLevelRejectionOrNull) {
        return ReplyBuilder.reply(update, sentTime, rejectionsByLeaseIndex, topLevelRejectionOrNull);
    }

    /**
     * Which leases a received BNDREPLY accepted (RFC 8156 §7.6–§7.7). A non-success STATUS_CODE
     * at the message, CLIENT_DATA or bare-IAPREFIX level rejects every lease; in an IA, that IA's
     * leases; in an IAADDR/IAPREFIX, that lease. A lease with no non-success status on its path is
     * accepted (a success status never accepts anything by itself, it just rejects nothing).
     *
     * @param now our wall clock, to unwrap PARTNER_LIFETIME_SENT
     */
    public static List<Ack> acks(BndReply reply, Instant now) {
        return AckReader.acks(reply, now);
    }

    /**
     * One lease read from a BNDUPD, times on our clock (RFC 8156 §7.3, §7.5.5, digest §4.4).
     *
     * @param index position in the message, 0..n−1, in wire order
     * @param resource the address or prefix (prefix bits beyond the length cleared)
     * @param clientOrNull the client, or null for a bare IAPREFIX
     * @param status the binding status
     * @param preferredSeconds preferred lifetime sent to the client
     * @param validSeconds valid lifetime sent to the client
     * @param t1Seconds T1 of the enclosing IA (0 for IA_TA and bare prefixes)
     * @param t2Seconds T2 of the enclosing IA (0 for IA_TA and bare prefixes)
     * @param startTimeOfState START_TIME_OF_STATE, translated
     * @param stateExpirationTimeOrNull STATE_EXPIRATION_TIME, translated
     * @param cltTimeOrNull LQ_BASE_TIME − CLT_TIME, translated: the partner's last client contact
     * @param partnerRawCltTimeOrNull PARTNER_RAW_CLT_TIME, our own time echoed, unwrapped only
     * @param partnerLifetimeOrNull PARTNER_LIFETIME, translated; becomes our expiration-time
     * @param expirationTimeOrNull EXPIRATION_TIME, translated; our partner-lifetime if later
     * @param partnerLifetimeWireOrMinus1 the PARTNER_LIFETIME wire value, to echo unchanged in
     *        PARTNER_LIFETIME_SENT, or −1 if absent
     */
    public record ReceivedLease(int index, Resource resource, ClientIdentity clientOrNull, BindingStatus status,
            long preferredSeconds, long validSeconds, long t1Seconds, long t2Seconds, Instant startTimeOfState,
            Instant stateExpirationTimeOrNull, Instant cltTimeOrNull, Instant partnerRawCltTimeOrNull,
            Instant partnerLifetimeOrNull, Instant expirationTimeOrNull, long partnerLifetimeWireOrMinus1) {

        /** Checks presence, ranges, and that the client's IA type can hold the resource. */
        public ReceivedLease {
            if (index < 0) {
                throw new IllegalArgumentException("index must not be negative: " + index);
            }
            Objects.requireNonNull(resource, "resource");
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(startTimeOfState, "startTimeOfState");
            if (status == BindingStatus.ACTIVE && clientOrNull == null) {
                throw new IllegalArgumentException("an ACTIVE lease of " + resource + " needs a client");
            }
            if (clientOrNull != null && !clientOrNull.iaType().holds(resource.kind())) {
                throw new IllegalArgumentException(resource + " cannot sit in an " + clientOrNull.iaType());
            }
            u32("preferredSeconds", preferredSeconds);
            u32("validSeconds", validSeconds);
            u32("t1Seconds", t1Seconds);
            u32("t2Seconds", t2Seconds);
            if (partnerLifetimeWireOrMinus1 != -1) {
                u32("partnerLifetimeWireOrMinus1", partnerLifetimeWireOrMinus1);
            }
            if ((partnerLifetimeWireOrMinus1 == -1) != (partnerLifetimeOrNull == null)) {
                throw new IllegalArgumentException("partner lifetime wire value " + partnerLifetimeWireOrMinus1
                        + " disagrees with instant " + partnerLifetimeOrNull);
            }
        }
    }

    /**
     * The partner's verdict on one lease of our BNDUPD, read from its BNDREPLY (RFC 8156 §7.6–§7.7).
     *
     * @param index position in the reply, 0..n−1, in wire order (the order of our BNDUPD)
     * @param resource the address or prefix
     * @param accepted whether no non-success status applies to this lease
     * @param statusCode 0 when accepted, else the rejecting status (most specific level first)
     * @param statusText the text of that status, or of a lease-level success status, or empty
     * @param partnerLifetimeSentOrNull PARTNER_LIFETIME_SENT: our own time echoed back, unwrapped
     *        near {@code now} with {@link WireTime#fromWire} and not skew-translated; becomes our
     *        acked-partner-lifetime when accepted
     */
    public record Ack(int index, Resource resource, boolean accepted, int statusCode, String statusText,
            Instant partnerLifetimeSentOrNull) {

        /** Checks presence and that {@code accepted} agrees with {@code statusCode}. */
        public Ack {
            if (index < 0) {
                throw new IllegalArgumentException("index must not be negative: " + index);
            }
            Objects.requireNonNull(resource, "resource");
            Objects.requireNonNull(statusText, "statusText");
            if (statusCode < 0 || statusCode > 0xFFFF) {
                throw new IllegalArgumentException("statusCode must be 0..65535: " + statusCode);
            }
            if (accepted != (statusCode == 0)) {
                throw new IllegalArgumentException("accepted=" + accepted + " disagrees with status " + statusCode);
            }
        }
    }

    private static void u32(String name, long v) {
        if (v < 0 || v > WireTime.MAX_WIRE) {
            throw new IllegalArgumentException(name + " must be 0..4294967295: " + v);
        }
    }
}

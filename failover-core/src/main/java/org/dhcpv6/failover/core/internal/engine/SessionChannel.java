package org.dhcpv6.failover.core.internal.engine;

import java.time.Duration;
import java.time.Instant;
import org.dhcpv6.failover.core.internal.sync.PartnerSync;
import org.dhcpv6.failover.core.internal.sync.TimeTranslator;
import org.dhcpv6.failover.core.internal.time.WireTime;
import org.dhcpv6.failover.core.internal.wire.FailoverMessage;
import org.dhcpv6.failover.core.internal.wire.MessageType;

/**
 * The current connection as the binding sync sees it, for one input: fresh transaction-ids,
 * sending (which restarts the keepalive send timer), and partner times translated by the skew
 * estimate.
 */
final class SessionChannel implements PartnerSync.Channel, TimeTranslator {

    private final PartnerSession session;
    private final Now now;
    private final PartnerLink link;
    private final XidAllocator xids;
    private final ClockSkew skew;

    SessionChannel(PartnerSession session, Now now, PartnerLink link, XidAllocator xids, ClockSkew skew) {
        this.session = session;
        this.now = now;
        this.link = link;
        this.xids = xids;
        this.skew = skew;
    }

    @Override
    public int nextXid() {
        return xids.next();
    }

    @Override
    public void send(FailoverMessage message) {
        link.send(session, message, now);
    }

    @Override
    public void sendEncoded(MessageType type, byte[] body) {
        link.sendEncoded(session, type, body, now);
    }

    @Override
    public long wireNow() {
        return WireTime.toWire(now.wall());
    }

    @Override
    public TimeTranslator times() {
        return this;
    }

    @Override
    public long partnerMaxUnacked() {
        return session.partnerMaxUnacked;
    }

    @Override
    public Instant toLocal(long wireTime) {
        return skew.toLocal(wireTime, now);
    }

    @Override
    public long toWire(Instant local) {
        return WireTime.toWire(local);
    }

    @Override
    public Duration partnerAhead() {
        return skew.skew();
    }

    @Override
    public boolean inDoubt() {
        return skew.inDoubt();
    }

    @Override
    public boolean doubtKnown() {
        return skew.doubtKnown();
    }

    @Override
    public void answered(Instant requestSentAt, long replyWireSentTime) {
        skew.roundTrip(requestSentAt, replyWireSentTime, now);
    }
}

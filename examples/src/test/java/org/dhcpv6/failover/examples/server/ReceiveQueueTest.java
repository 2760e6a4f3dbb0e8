package org.dhcpv6.failover.examples.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.List;
import org.dhcpv6.failover.examples.dhcp.ClientServerMessage;
import org.dhcpv6.failover.examples.dhcp.DhcpMessage;
import org.dhcpv6.failover.examples.dhcp.DhcpOption;
import org.dhcpv6.failover.examples.dhcp.MessageType;
import org.dhcpv6.failover.examples.dhcp.RelayMessage;
import org.dhcpv6.failover.api.Ipv6Address;
import org.junit.jupiter.api.Test;

/** Under overload the receive queue answers started exchanges first and drops its oldest. */
class ReceiveQueueTest {

    private static final InetSocketAddress FROM = new InetSocketAddress("::1", 546);

    private static ClientServerMessage message(MessageType type, int xid) {
        return new ClientServerMessage(type, xid, List.of());
    }

    /** Queues a message as the server does: undecoded, a SOLICIT or not by its type. */
    private static boolean add(ReceiveQueue q, DhcpMessage m) {
        return q.add(new ReceiveQueue.Received(new byte[0], m, FROM),
                ReceiveQueue.innermostType(m) == MessageType.SOLICIT);
    }

    @Test
    void requestsAndTheRestGoBeforeSolicitsOldestFirst() {
        ReceiveQueue q = new ReceiveQueue(8, 8);
        ClientServerMessage s1 = message(MessageType.SOLICIT, 1);
        ClientServerMessage r2 = message(MessageType.REQUEST, 2);
        ClientServerMessage s3 = message(MessageType.SOLICIT, 3);
        ClientServerMessage n4 = message(MessageType.RENEW, 4);
        for (DhcpMessage m : List.of(s1, r2, s3, n4)) {
            assertFalse(add(q, m));
        }
        assertSame(r2, q.next().decoded());
        assertSame(n4, q.next().decoded());
        assertSame(s1, q.next().decoded());
        assertSame(s3, q.next().decoded());
        assertNull(q.next());
        assertTrue(q.isEmpty());
    }

    @Test
    void aFullQueueDropsItsOldestAndCountsIt() {
        ReceiveQueue q = new ReceiveQueue(2, 1);
        assertFalse(add(q, message(MessageType.SOLICIT, 1)));
        assertFalse(add(q, message(MessageType.SOLICIT, 2)));
        assertTrue(add(q, message(MessageType.SOLICIT, 3)), "the oldest SOLICIT made room");
        assertFalse(add(q, message(MessageType.REQUEST, 4)), "the other queue has its own room");
        assertTrue(add(q, message(MessageType.REQUEST, 5)));
        assertEquals(2, q.dropped());
        assertEquals(5, ((ClientServerMessage) q.next().decoded()).transactionId());
        assertEquals(2, ((ClientServerMessage) q.next().decoded()).transactionId());
        assertEquals(3, ((ClientServerMessage) q.next().decoded()).transactionId());
        assertNull(q.next());
    }

    @Test
    void aRelayedSolicitQueuesAsASolicit() {
        ReceiveQueue q = new ReceiveQueue(1, 1);
        RelayMessage relayed = new RelayMessage(MessageType.RELAY_FORW, 0, Ipv6Address.parse("2001:db8::1"),
                Ipv6Address.parse("fe80::1"), List.of(new DhcpOption.RelayMessage(message(MessageType.SOLICIT, 7))));
        assertEquals(MessageType.SOLICIT, ReceiveQueue.innermostType(relayed));
        add(q, message(MessageType.REQUEST, 1));
        add(q, relayed);
        assertEquals(MessageType.REQUEST, q.next().decoded().type());
        assertSame(relayed, q.next().decoded());
    }
}

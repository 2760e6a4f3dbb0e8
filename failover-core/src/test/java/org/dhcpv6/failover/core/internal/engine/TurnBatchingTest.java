package org.dhcpv6.failover.core.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.dhcpv6.failover.api.AddressPool;
import org.dhcpv6.failover.api.Binding;
import org.dhcpv6.failover.api.FailoverListener;
import org.dhcpv6.failover.api.ClientIdentity;
import org.dhcpv6.failover.api.Duid;
import org.dhcpv6.failover.api.IaType;
import org.dhcpv6.failover.api.Ipv6Address;
import org.dhcpv6.failover.api.LeaseDecision;
import org.dhcpv6.failover.api.LeaseHooks;
import org.dhcpv6.failover.api.LeaseRequest;
import org.dhcpv6.failover.api.MessageKind;
import org.dhcpv6.failover.api.ServerState;
import org.junit.jupiter.api.Test;

/**
 * A turn of the endpoint (the inputs of one read): the partner's BNDUPDs in it share one durable
 * write, and no BNDREPLY leaves before that write is done (RFC 8156 §7.5.2).
 */
class TurnBatchingTest {

    private static final int LEASES = 20;

    private final CountingStore secondaryStore = new CountingStore();
    /** The bindings the secondary's host heard of, in order. */
    private final List<Binding> heard = new ArrayList<>();

    private EnginePair pair() throws Exception {
        EnginePair pair = new EnginePair(b -> b.mclt(Duration.ofHours(1))
                .addressPool(AddressPool.parse("2001:db8:1::/64")));
        pair.secondaryStore = secondaryStore;
        pair.secondaryListener = new FailoverListener() {
            @Override
            public void bindingChanged(String relationship, Binding binding) {
                heard.add(binding);
            }
        };
        pair.start();
        pair.advance(Duration.ofSeconds(3));
        assertEquals(ServerState.NORMAL, pair.secondaryState());
        return pair;
    }

    /** Grants leases at the primary and puts its BNDUPDs on the wire, undelivered. */
    private static List<Ipv6Address> grant(EnginePair pair) {
        LeaseHooks hooks = pair.primary.hooks();
        List<Ipv6Address> granted = new ArrayList<>();
        for (int i = 0; i < LEASES; i++) {
            Ipv6Address a = hooks.nextFreeAddress().orElseThrow();
            ClientIdentity c = new ClientIdentity(Duid.parseHex(String.format("0001000100%06x", i)), i, IaType.IA_NA);
            LeaseDecision d = hooks.beforeReply(LeaseRequest.of(MessageKind.REQUEST, c, a, 3600, 3600, false));
            assertEquals(LeaseDecision.Outcome.GRANTED, d.outcome());
            hooks.afterReply(d);
            granted.add(a);
        }
        pair.primary.poll(pair.clock.now());
        assertEquals(LEASES, pair.inFlight(), "one BNDUPD per lease on the wire");
        return granted;
    }

    @Test
    void theBndupdsOfOneTurnShareOneWriteAndAreAnsweredAfterIt() throws Exception {
        EnginePair pair = pair();
        List<Ipv6Address> granted = grant(pair);
        int writesBefore = secondaryStore.writes.size();

        int delivered = pair.deliverToSecondaryInOneTurn(() -> {
            assertEquals(0, pair.inFlight(), "no BNDREPLY leaves before the turn's write");
            assertEquals(writesBefore, secondaryStore.writes.size(), "nothing stored yet");
            assertEquals(List.of(), heard, "the host hears of no change before it is durable");
        });
        assertEquals(LEASES, heard.size(), "the host hears of each change once it is durable");

        assertEquals(LEASES, delivered);
        assertEquals(List.of(LEASES), secondaryStore.writes.subList(writesBefore, secondaryStore.writes.size()),
                "one durable write for the whole turn");
        assertEquals(LEASES, pair.inFlight(), "a BNDREPLY per BNDUPD, released after the write");
        for (Ipv6Address a : granted) {
            assertTrue(secondaryStore.get(a).isPresent(), a + " stored");
        }
        pair.settle();
        for (Ipv6Address a : granted) {
            assertFalse(pair.primary.hooks().binding(a).orElseThrow().partnerUpdatePending(), a + " acknowledged");
        }
    }

    @Test
    void aTurnWhoseWriteFailsAnswersNothingKeepsNothingAndThePartnerSendsAgain() throws Exception {
        EnginePair pair = pair();
        List<Ipv6Address> granted = grant(pair);
        secondaryStore.failing = true;

        pair.deliverToSecondaryInOneTurn(() -> { });

        assertEquals(0, pair.inFlight(), "no BNDREPLY for writes that failed");
        assertEquals(List.of(), heard, "the host never hears of changes that were undone");
        for (Ipv6Address a : granted) {
            assertTrue(pair.secondary.hooks().binding(a).isEmpty(), a + " taken back out of the table");
            assertTrue(pair.primary.hooks().binding(a).orElseThrow().partnerUpdatePending(), a + " still pending");
        }
        assertEquals(ServerState.COMMUNICATIONS_INTERRUPTED, pair.secondaryState(), "the connection was closed");

        secondaryStore.failing = false;
        pair.advance(Duration.ofSeconds(10));
        assertEquals(ServerState.NORMAL, pair.secondaryState());
        for (Ipv6Address a : granted) {
            assertTrue(secondaryStore.get(a).isPresent(), a + " sent again and stored");
            assertFalse(pair.primary.hooks().binding(a).orElseThrow().partnerUpdatePending(), a + " acknowledged");
        }
    }
}

package org.dhcpv6.failover.core.internal.engine;

import static org.dhcpv6.failover.core.internal.engine.BindingFlowTest.ask;
import static org.dhcpv6.failover.core.internal.engine.BindingFlowTest.client;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.dhcpv6.failover.api.AddressPool;
import org.dhcpv6.failover.api.ClientService;
import org.dhcpv6.failover.api.IaType;
import org.dhcpv6.failover.api.Ipv6Address;
import org.dhcpv6.failover.api.LeaseDecision.Outcome;
import org.dhcpv6.failover.api.MessageKind;
import org.dhcpv6.failover.api.ServerState;
import org.dhcpv6.failover.core.store.FaultyDisk;
import org.dhcpv6.failover.core.store.JournalLeaseStore;
import org.dhcpv6.failover.core.store.JournalOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17, finding 5: the primary's disk fills up. It must refuse to commit, stop presenting
 * itself as serving, and let the secondary take the clients; once there is room again it serves
 * again without a restart (docs/decisions/0002-store-outage.md). On be90e0a the primary stayed
 * NORMAL and "responsive", refused every REQUEST until restarted, and the secondary, still NORMAL,
 * answered no new client.
 */
class StoreOutageTest {

    @TempDir
    Path temp;

    @Test
    void aFullDiskTakesThePrimaryOutOfServiceThePartnerServesAndItComesBackOnItsOwn() throws Exception {
        FaultyDisk disk = new FaultyDisk();
        EnginePair pair = new EnginePair(b -> b.mclt(Duration.ofHours(1))
                .addressPool(AddressPool.parse("2001:db8:1::/64")));
        JournalOptions options = JournalOptions.defaults().withFsync(false).withReopenDelay(Duration.ofSeconds(1));
        pair.primaryStore = disk.open(temp.resolve("primary"), options, pair.clock::monotonicNanos);
        pair.start();
        pair.advance(Duration.ofSeconds(3));
        assertEquals(ServerState.NORMAL, pair.primaryState());
        assertEquals(ServerState.NORMAL, pair.secondaryState());
        Ipv6Address first = pair.primary.hooks().nextFreeAddress().orElseThrow();
        assertEquals(Outcome.GRANTED, ask(pair.primary.hooks(), MessageKind.REQUEST, client(1, IaType.IA_NA), first,
                3600, false).outcome());
        pair.settle();

        disk.full = true;
        Ipv6Address second = pair.primary.hooks().nextFreeAddress().orElseThrow();
        assertEquals(Outcome.NOT_COMMITTED, ask(pair.primary.hooks(), MessageKind.REQUEST,
                client(2, IaType.IA_NA), second, 3600, false).outcome(), "no REPLY with a lease not on disk");
        pair.settle();

        EndpointSnapshot down = pair.primary.snapshot();
        assertFalse(down.storeAvailable());
        assertFalse(pair.primary.metrics(pair.clock.now()).storeAvailable(), "the metrics say so too");
        assertTrue(pair.secondary.metrics(pair.clock.now()).storeAvailable());
        assertEquals(ClientService.UNRESPONSIVE, down.clientService());
        assertTrue(down.describe().contains("STORE UNAVAILABLE"), down.describe());
        assertEquals(ServerState.COMMUNICATIONS_INTERRUPTED, pair.secondaryState(), "the partner was told");
        assertEquals(ClientService.RESPONSIVE, pair.secondary.hooks().clientService());
        Ipv6Address fromSecondary = pair.secondary.hooks().nextFreeAddress().orElseThrow();
        assertEquals(Outcome.GRANTED, ask(pair.secondary.hooks(), MessageKind.REQUEST, client(2, IaType.IA_NA),
                fromSecondary, 3600, false).outcome(), "the partner takes the new client");
        assertEquals(Outcome.GRANTED, ask(pair.secondary.hooks(), MessageKind.REBIND, client(1, IaType.IA_NA),
                first, 3600, false).outcome(), "and renews the primary's client");

        pair.advance(Duration.ofSeconds(20));
        assertFalse(pair.primary.snapshot().storeAvailable(), "still full: still out of service");
        assertEquals(ServerState.COMMUNICATIONS_INTERRUPTED, pair.secondaryState(), "no reconnect while failing");
        assertEquals(Outcome.NOT_COMMITTED, ask(pair.primary.hooks(), MessageKind.REQUEST,
                client(3, IaType.IA_NA), second, 3600, false).outcome());

        disk.full = false;
        pair.advance(Duration.ofSeconds(90));
        assertTrue(pair.primary.snapshot().storeAvailable(), "the store reopened and a probe write worked");
        assertTrue(pair.primary.metrics(pair.clock.now()).storeAvailable());
        assertEquals(ServerState.NORMAL, pair.primaryState());
        assertEquals(ServerState.NORMAL, pair.secondaryState());
        assertEquals(client(2, IaType.IA_NA), pair.primary.hooks().binding(fromSecondary).orElseThrow().client(),
                "the partner's lease reached the primary");
        assertEquals(Outcome.GRANTED, ask(pair.primary.hooks(), MessageKind.REQUEST, client(3, IaType.IA_NA),
                second, 3600, false).outcome(), "serving again without a restart");
        pair.settle();

        pair.primaryStore.close();
        try (JournalLeaseStore onDisk = JournalLeaseStore.open(temp.resolve("primary"), options)) {
            assertEquals(client(1, IaType.IA_NA), onDisk.get(first).orElseThrow().client());
            assertEquals(client(2, IaType.IA_NA), onDisk.get(fromSecondary).orElseThrow().client());
            assertEquals(client(3, IaType.IA_NA), onDisk.get(second).orElseThrow().client());
        }
    }

    @Test
    void aSecondaryWhoseStoreFailsOnAPartnerUpdateDropsOutAndComesBack() throws Exception {
        FaultyDisk disk = new FaultyDisk();
        EnginePair pair = new EnginePair(b -> b.mclt(Duration.ofHours(1))
                .addressPool(AddressPool.parse("2001:db8:1::/64")));
        JournalOptions options = JournalOptions.defaults().withFsync(false).withReopenDelay(Duration.ofSeconds(1));
        pair.secondaryStore = disk.open(temp.resolve("secondary"), options, pair.clock::monotonicNanos);
        pair.start();
        pair.advance(Duration.ofSeconds(3));
        assertEquals(ServerState.NORMAL, pair.secondaryState());

        disk.full = true;
        Ipv6Address a = pair.primary.hooks().nextFreeAddress().orElseThrow();
        assertEquals(Outcome.GRANTED, ask(pair.primary.hooks(), MessageKind.REQUEST, client(1, IaType.IA_NA), a,
                3600, false).outcome());
        pair.settle();
        assertFalse(pair.secondary.snapshot().storeAvailable(), "the BNDUPD could not be stored");
        assertEquals(ServerState.COMMUNICATIONS_INTERRUPTED, pair.primaryState(), "the primary was told");
        assertTrue(pair.primary.hooks().binding(a).orElseThrow().partnerUpdatePending(), "still owed to the partner");
        pair.advance(Duration.ofSeconds(30));
        assertEquals(ServerState.COMMUNICATIONS_INTERRUPTED, pair.primaryState(),
                "the secondary keeps the primary away while its store fails");

        disk.full = false;
        pair.advance(Duration.ofSeconds(90));
        assertTrue(pair.secondary.snapshot().storeAvailable());
        assertEquals(ServerState.NORMAL, pair.primaryState());
        assertEquals(ServerState.NORMAL, pair.secondaryState());
        assertEquals(client(1, IaType.IA_NA), pair.secondary.hooks().binding(a).orElseThrow().client());
        assertFalse(pair.primary.hooks().binding(a).orElseThrow().partnerUpdatePending());
    }
}

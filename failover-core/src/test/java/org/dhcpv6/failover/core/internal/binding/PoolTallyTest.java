package org.dhcpv6.failover.core.internal.binding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.dhcpv6.failover.api.Binding;
import org.dhcpv6.failover.api.BindingStatus;
import org.dhcpv6.failover.api.ClientIdentity;
import org.dhcpv6.failover.api.Duid;
import org.dhcpv6.failover.api.IaType;
import org.dhcpv6.failover.api.Ipv6Prefix;
import org.dhcpv6.failover.api.LeaseStoreException;
import org.dhcpv6.failover.api.PrefixPool;
import org.dhcpv6.failover.core.internal.engine.CountingStore;
import org.junit.jupiter.api.Test;

/** The pool tally through every way the binding table changes: write-through, batches, rollback, load. */
class PoolTallyTest {

    private static final PrefixPool A = PrefixPool.of(Ipv6Prefix.parse("2001:db8:100::/48"), 56);
    private static final PrefixPool B = PrefixPool.of(Ipv6Prefix.parse("2001:db8:200::/60"), 64);

    private final CountingStore store = new CountingStore();
    private final PoolTally tally = new PoolTally(List.of(A, B));
    private final BindingTable table = new BindingTable(store, tally);

    private static final ClientIdentity CAROL = new ClientIdentity(Duid.parseHex("00:01:cc"), 1, IaType.IA_PD);

    private static Binding delegated(Ipv6Prefix p) {
        return new Binding(p, CAROL, BindingStatus.ACTIVE, 0, 0, 0, 0, Fixtures.T0,
                Fixtures.T0.plusSeconds(3600), Fixtures.T0, null, null, null, null, false);
    }

    private void expect(long freeA, long backupA, long freeB, long backupB) {
        assertEquals(List.of(new PoolTally.Balance(A, freeA, backupA), new PoolTally.Balance(B, freeB, backupB)),
                tally.balances());
    }

    @Test
    void everyChangeOfTheTableIsCountedOnce() throws Exception {
        expect(256, 0, 16, 0);
        table.commit(Binding.free(A.prefixAt(0), BindingStatus.FREE_BACKUP, Fixtures.T0));
        table.commit(Binding.free(A.prefixAt(1), BindingStatus.FREE_BACKUP, Fixtures.T0));
        table.commit(delegated(B.prefixAt(3)));
        table.commit(Binding.free(Ipv6Prefix.parse("2001:db8:300::/56"), BindingStatus.FREE_BACKUP, Fixtures.T0));
        table.commit(Binding.free(Fixtures.ODD, BindingStatus.FREE_BACKUP, Fixtures.T0));
        expect(254, 2, 15, 0);

        table.commit(delegated(A.prefixAt(0)));
        expect(254, 1, 15, 0);
        table.commit(Binding.free(A.prefixAt(0), BindingStatus.FREE, Fixtures.T0));
        expect(255, 1, 15, 0);

        table.commitAll(List.of(A.prefixAt(5), A.prefixAt(6)),
                (r, current) -> Binding.free(r, BindingStatus.FREE_BACKUP, Fixtures.T0));
        expect(253, 3, 15, 0);

        table.beginDeferredWrites();
        table.commit(delegated(A.prefixAt(5)));
        table.commit(delegated(A.prefixAt(7)));
        expect(252, 2, 15, 0);
        store.failing = true;
        assertThrows(LeaseStoreException.class, table::endDeferredWrites);
        expect(253, 3, 15, 0);

        store.failing = false;
        PoolTally fresh = new PoolTally(List.of(A, B));
        new BindingTable(store, fresh).load();
        assertEquals(tally.balances(), fresh.balances(), "a restart counts what was stored");
        table.load();
        expect(253, 3, 15, 0);
    }
}

package org.dhcpv6.failover.core.runtime;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.dhcpv6.failover.api.FailoverListener;
import org.dhcpv6.failover.core.store.InMemoryLeaseStore;
import org.dhcpv6.failover.core.testfixtures.PairScenarioContractTest;
import org.dhcpv6.failover.core.testfixtures.TransportPair;
import org.dhcpv6.failover.core.transport.TcpTransport;
import org.junit.jupiter.api.Test;

/**
 * The pair scenarios over plain loopback TCP, plus one that needs a hand-written partner on a raw
 * socket and so exists only here: a partner that goes silent without DISCONNECT.
 */
class PairScenarioOverTcpTest extends PairScenarioContractTest {

    @Override
    protected TransportPair transports() {
        return TransportPair.of(TcpTransport::insecurePlaintext, TcpTransport::insecurePlaintext);
    }

    @Test
    void primaryNoticesAPartnerThatVanishesWithoutDisconnect() throws Exception {
        FailoverServer primary = startPrimary(new InMemoryLeaseStore(), FailoverListener.NONE);
        // A "secondary" that accepts, completes CONNECT/STATE by hand, then goes silent.
        try (SilentPartner silent = new SilentPartner(secondaryAddress)) {
            await("primary connected", Duration.ofSeconds(5), () -> primary.status(NAME).communicationsOk());
            long start = System.nanoTime();
            await("primary notices silence", KEEPALIVE.multipliedBy(2), () -> !primary.status(NAME).communicationsOk());
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertTrue(took.compareTo(KEEPALIVE.plusMillis(500)) < 0, "noticed after " + took);
        }
    }
}

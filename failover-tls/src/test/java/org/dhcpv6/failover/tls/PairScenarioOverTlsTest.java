package org.dhcpv6.failover.tls;

import org.dhcpv6.failover.core.testfixtures.PairScenarioContractTest;
import org.dhcpv6.failover.core.testfixtures.TransportPair;

/**
 * The pair scenarios of core, run over mutually authenticated TLS with certificates from the
 * in-memory test CA (dhcp-a the primary, dhcp-b the secondary).
 */
class PairScenarioOverTlsTest extends PairScenarioContractTest {

    @Override
    protected TransportPair transports() {
        return TransportPair.of(() -> TlsTransport.create(TlsFixtures.primary()),
                () -> TlsTransport.create(TlsFixtures.secondary()));
    }
}

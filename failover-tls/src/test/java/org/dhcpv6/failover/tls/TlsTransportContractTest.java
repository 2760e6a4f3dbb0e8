package org.dhcpv6.failover.tls;

import org.dhcpv6.failover.api.Transport;
import org.dhcpv6.failover.core.testfixtures.TransportContractTest;

/** The shared transport contract (STYLE 25), run over STARTTLS and mutually authenticated TLS. */
class TlsTransportContractTest extends TransportContractTest {

    @Override
    protected Transport newServerTransport() {
        return TlsTransport.create(TlsFixtures.secondary());
    }

    @Override
    protected Transport newClientTransport() {
        return TlsTransport.create(TlsFixtures.primary());
    }
}

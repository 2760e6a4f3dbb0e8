package org.dhcpv6.failover.core.transport;

import org.dhcpv6.failover.api.Transport;

/** The transport contract for plain TCP, plus what only TCP can show: see {@link TcpOnlyTest}. */
class TcpTransportTest extends TransportContractTest {

    @Override
    protected Transport newServerTransport() {
        return TcpTransport.insecurePlaintext();
    }

    @Override
    protected Transport newClientTransport() {
        return TcpTransport.insecurePlaintext();
    }
}

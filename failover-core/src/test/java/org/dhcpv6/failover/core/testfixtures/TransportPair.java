package org.dhcpv6.failover.core.testfixtures;

import java.util.concurrent.Callable;
import org.dhcpv6.failover.api.Transport;

/**
 * The transports of one primary/secondary pair for {@link PairScenarioContractTest}. Each call
 * returns a new transport, because a {@link FailoverServer} closes its transport when it stops and
 * a restarted server needs its own.
 */
public interface TransportPair {

    /** A new transport for the primary, which connects. */
    Transport primary() throws Exception;

    /** A new transport for the secondary, which listens. */
    Transport secondary() throws Exception;

    /** A pair from two factories. */
    static TransportPair of(Callable<Transport> primary, Callable<Transport> secondary) {
        return new TransportPair() {
            @Override
            public Transport primary() throws Exception {
                return primary.call();
            }

            @Override
            public Transport secondary() throws Exception {
                return secondary.call();
            }
        };
    }
}

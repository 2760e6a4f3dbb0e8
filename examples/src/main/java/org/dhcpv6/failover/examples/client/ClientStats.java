package org.dhcpv6.failover.examples.client;

/**
 * Counters of a {@link DhcpClientDriver} run, for checks and load reports.
 *
 * @param bound exchanges that ended with leases (REQUEST or Rapid Commit SOLICIT answered)
 * @param renewed RENEWs answered with extended leases (RFC 8415 §18.2.4)
 * @param rebound REBINDs answered with extended leases (RFC 8415 §18.2.5)
 * @param retransmissions messages sent again after a timeout
 * @param restarts times a client fell back to SOLICIT (no answer, NoBinding, lease expiry)
 */
public record ClientStats(long bound, long renewed, long rebound, long retransmissions, long restarts) {
}

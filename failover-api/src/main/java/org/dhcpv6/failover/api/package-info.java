/**
 * The public face of dhcpv6-failover: the SPI a host server implements ({@link
 * org.dhcpv6.failover.api.LeaseStore}, {@link org.dhcpv6.failover.api.ClockSource}, {@link
 * org.dhcpv6.failover.api.Transport}), the hooks it calls around each REPLY ({@link
 * org.dhcpv6.failover.api.LeaseHooks}), the listener it may register and the value types they
 * share. This package depends on the JDK only.
 */
package org.dhcpv6.failover.api;

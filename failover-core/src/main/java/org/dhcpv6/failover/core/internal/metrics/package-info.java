/**
 * Counters of one endpoint for {@link org.dhcpv6.failover.api.RelationshipMetrics}: cheap enough
 * for the hooks on the reply path (an uncontended add), safe to read from any thread.
 */
package org.dhcpv6.failover.core.internal.metrics;

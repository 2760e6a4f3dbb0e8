/**
 * The secure partner link of RFC 8156 §10: STARTTLS as in RFC 7653 §8.2, then mutually
 * authenticated TLS 1.3 or 1.2 on Bouncy Castle. {@link org.dhcpv6.failover.tls.TlsTransport}
 * is the transport, {@link org.dhcpv6.failover.tls.TlsSettings} says who this side is and which
 * partner it accepts, {@link org.dhcpv6.failover.tls.PemFiles} reads keys and certificates, and
 * {@link org.dhcpv6.failover.tls.CertificateAuthority} makes test and demo certificates in
 * memory. Everything in {@code org.dhcpv6.failover.tls.internal} may change without notice.
 */
package org.dhcpv6.failover.tls;

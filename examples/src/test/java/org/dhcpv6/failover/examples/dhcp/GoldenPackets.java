package org.dhcpv6.failover.examples.dhcp;

import java.util.HexFormat;

/** Hand-built DHCPv6 packets, annotated field by field, shared by the codec tests. */
final class GoldenPackets {

    private GoldenPackets() {
    }

    /** A SOLICIT asking for one IA_NA and for DNS servers (RFC 8415 §18.2.1). */
    static final String SOLICIT = """
            01                                   msg-type SOLICIT
            100874                               transaction-id
            0001 000e                            OPTION_CLIENTID, 14 octets
               0001 0001 1c39cf88 080027fe8f95   DUID-LLT, Ethernet, time, MAC
            0006 0004 0017 0018                  OPTION_ORO: DNS servers (23), domain list (24)
            0008 0002 0000                       OPTION_ELAPSED_TIME 0
            0003 000c                            OPTION_IA_NA, 12 octets
               27fe8f95 00000e10 00001518        IAID, T1 3600, T2 5400
            """;

    /** Option boundaries of {@link #SOLICIT}: the only lengths at which a prefix is a message. */
    static final int[] SOLICIT_BOUNDARIES = {4, 22, 30, 36, 52};

    /** A RENEW for an IA_PD, relayed once with an Interface-Id (RFC 8415 §9.1, §18.2.4). */
    static final String RELAYED_RENEW = """
            0c                                   msg-type RELAY-FORW
            00                                   hop-count 0
            20010db8000100000000000000000001     link-address 2001:db8:1::1
            fe800000000000000000000000000001     peer-address fe80::1
            0012 0004 65746830                   OPTION_INTERFACE_ID "eth0"
            0009 0055                            OPTION_RELAY_MSG, 85 octets
               05 000001                         RENEW, transaction-id 1
               0002 0012                         OPTION_SERVERID, 18 octets
                  0004 00112233445566778899aabbccddeeff   DUID-UUID
               0001 000a                         OPTION_CLIENTID, 10 octets
                  0003 0001 020000000001         DUID-LL, Ethernet, MAC
               0019 0029                         OPTION_IA_PD, 41 octets
                  00000002 00000000 00000000     IAID 2, T1 0, T2 0
                  001a 0019                      OPTION_IAPREFIX, 25 octets
                     00000e10 00001c20 38        preferred 3600, valid 7200, length 56
                     20010db8010000000000000000000000   2001:db8:100::
            """;

    /** Option boundaries of {@link #RELAYED_RENEW}. */
    static final int[] RELAYED_RENEW_BOUNDARIES = {34, 42, 131};

    /** A REPLY granting an address with a status, and an unknown option 65000 (RFC 8415 §18.3.2). */
    static final String REPLY = """
            07 abcdef                            REPLY, transaction-id abcdef
            0002 0012 0004 00112233445566778899aabbccddeeff   OPTION_SERVERID, DUID-UUID
            0003 0028                            OPTION_IA_NA, 40 octets
               00000001 00000708 00000b40        IAID 1, T1 1800, T2 2880
               0005 0018                         OPTION_IAADDR, 24 octets
                  20010db8000100000000000000000005   2001:db8:1::5
                  00000e10 00001c20              preferred 3600, valid 7200
            000d 0004 0000 6f6b                  OPTION_STATUS_CODE Success "ok"
            0017 0010 20010db8000000000000000000000053   OPTION_DNS_SERVERS 2001:db8::53
            fde8 0003 010203                     unknown option 65000, kept verbatim
            """;

    /** Parses an annotated packet: hex digits up to the first run of two spaces on each line. */
    static byte[] bytes(String annotated) {
        StringBuilder hex = new StringBuilder();
        for (String line : annotated.split("\n")) {
            String code = line.strip();
            int comment = code.indexOf("  ");
            if (comment >= 0) {
                code = code.substring(0, comment);
            }
            hex.append(code.replace(" ", ""));
        }
        return HexFormat.of().parseHex(hex);
    }
}

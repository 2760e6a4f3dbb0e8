package org.dhcpv6.failover.core.internal.wire;

import java.util.HexFormat;
import java.util.List;
import org.dhcpv6.failover.api.Ipv6Address;

/**
 * Frames assembled by hand from the layouts of RFC 8156 §5.2 (header), §5.5 (failover
 * options), RFC 3315/3633/5007/7653 (reused options) and RFC 5460 §5.1 (size prefix), one
 * field per line, each with the record it must decode to.
 */
final class GoldenFrames {

    /** A golden frame: its name, the full frame (size prefix included) and the expected message. */
    record Golden(String name, byte[] frame, FailoverMessage expected) {
        byte[] body() {
            return java.util.Arrays.copyOfRange(frame, 2, frame.length);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static final long SENT = 0x31a2b3c4L;

    static final Ipv6Address ADDR = Ipv6Address.parse("2001:db8::11");
    static final Ipv6Address PD_PREFIX = Ipv6Address.parse("2001:db8:ff00:100::");
    static final Ipv6Address DELEGABLE = Ipv6Address.parse("2001:db8:1::");
    static final byte[] DUID = HexFormat.of().parseHex("00030001001122334455");

    private GoldenFrames() {
    }

    static List<Golden> all() {
        return List.of(connect(), connectReplyAccept(), connectReplyReject(), state(), disconnect(),
                empty("CONTACT", "23", Contact.of(0x104, SENT)),
                empty("POOLREQ", "1a", PoolReq.of(0x104, SENT)),
                empty("POOLRESP", "1b", PoolResp.of(0x104, SENT)),
                empty("UPDREQ", "1c", UpdReq.of(0x104, SENT)),
                empty("UPDREQALL", "1d", UpdReqAll.of(0x104, SENT)),
                empty("UPDDONE", "1e", UpdDone.of(0x104, SENT)),
                startTls7653(), startTls8156(), replyAccept(), replyRefuse(),
                bndUpdClient(), bndUpdBarePrefix(), bndReplyClient(), bndReplyBarePrefix());
    }

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replaceAll("\\s+", ""));
    }

    static Golden connect() {
        String f = "0038"          // message-size 56
                + "1f"             // msg-type 31 CONNECT
                + "000102"         // transaction-id 0x000102
                + "31a2b3c4"       // sent-time
                + "007f 0004 0001 0000" // OPTION_F_PROTOCOL_VERSION 1.0
                + "007a 0004 00000e10"  // OPTION_F_MCLT 3600
                + "0080 0004 0000003c"  // OPTION_F_KEEPALIVE_TIME 60
                + "0079 0004 00000064"  // OPTION_F_MAX_UNACKED_BNDUPD 100
                + "0082 0006 706169722d31" // OPTION_F_RELATIONSHIP_NAME "pair-1"
                + "0073 0002 0001";     // OPTION_F_CONNECT_FLAGS F (fixed PD length)
        return new Golden("CONNECT", hex(f), Connect.of(0x102, SENT, 1, 0, 3600, 60, 100, "pair-1", 1));
    }

    static Golden connectReplyAccept() {
        String f = "002e"          // message-size 46
                + "20"             // msg-type 32 CONNECTREPLY
                + "000102"         // transaction-id, echoed from CONNECT
                + "31a2b3c5"       // sent-time
                + "007f 0004 0001 0000" // OPTION_F_PROTOCOL_VERSION 1.0
                + "007a 0004 00000e10"  // OPTION_F_MCLT 3600 (echo)
                + "0080 0004 0000001e"  // OPTION_F_KEEPALIVE_TIME 30
                + "0079 0004 00000032"  // OPTION_F_MAX_UNACKED_BNDUPD 50
                + "0073 0002 0001";     // OPTION_F_CONNECT_FLAGS F
        return new Golden("CONNECTREPLY accept", hex(f),
                ConnectReply.accept(0x102, SENT + 1, 1, 0, 3600, 30, 50, 1));
    }

    static Golden connectReplyReject() {
        String f = "001c"          // message-size 28
                + "20"             // msg-type 32 CONNECTREPLY
                + "000102"         // transaction-id
                + "31a2b3c5"       // sent-time
                + "000d 0010"      // OPTION_STATUS_CODE, length 16
                + "0016"           //   status 22 ExcessiveTimeSkew
                + "636c6f636b20736b657720392073"; // "clock skew 9 s"
        return new Golden("CONNECTREPLY reject", hex(f),
                ConnectReply.reject(0x102, SENT + 1, 22, "clock skew 9 s"));
    }

    static Golden state() {
        String f = "0022"          // message-size 34
                + "22"             // msg-type 34 STATE
                + "000103"         // transaction-id
                + "31a2b3c4"       // sent-time
                + "0084 0001 04"   // OPTION_F_SERVER_STATE 4
                + "0083 0001 05"   // OPTION_F_SERVER_FLAGS C|A
                + "0085 0004 31a2b000" // OPTION_F_START_TIME_OF_STATE
                + "007d 0004 31a2a000"; // OPTION_F_PARTNER_DOWN_TIME
        return new Golden("STATE", hex(f), StateMessage.of(0x103, SENT, 4,
                ServerFlagsOption.COMMUNICATED | ServerFlagsOption.ACK_STARTUP, 0x31a2b000L, 0x31a2a000L));
    }

    static Golden disconnect() {
        String f = "001b"          // message-size 27
                + "21"             // msg-type 33 DISCONNECT
                + "000105"         // transaction-id
                + "31a2b3c4"       // sent-time
                + "000d 000f"      // OPTION_STATUS_CODE, length 15
                + "0014"           //   status 20 ServerShuttingDown
                + "7368757474696e6720646f776e"; // "shutting down"
        return new Golden("DISCONNECT", hex(f), Disconnect.of(0x105, SENT, 20, "shutting down"));
    }

    static Golden empty(String name, String typeHex, FailoverMessage expected) {
        String f = "0008"          // message-size 8: header only
                + typeHex          // msg-type
                + "000104"         // transaction-id
                + "31a2b3c4";      // sent-time; RFC 8156 defines no options for these
        return new Golden(name, hex(f), expected);
    }

    static Golden startTls7653() {
        String f = "0004"          // message-size 4
                + "17"             // msg-type 23 STARTTLS
                + "000001";        // transaction-id; RFC 7653 header has no sent-time
        return new Golden("STARTTLS (RFC 7653 form)", hex(f), StartTls.of(1));
    }

    static Golden startTls8156() {
        String f = "0008"          // message-size 8
                + "17"             // msg-type 23 STARTTLS
                + "000001"         // transaction-id
                + "31a2b3c4";      // sent-time (RFC 8156 header form)
        return new Golden("STARTTLS (RFC 8156 form)", hex(f), StartTls.failoverForm(1, SENT, List.of()));
    }

    static Golden replyAccept() {
        String f = "0004"          // message-size 4
                + "07"             // msg-type 7 REPLY
                + "000001";        // transaction-id, no status: TLS starts
        return new Golden("REPLY accept", hex(f), StartTlsReply.accept(1));
    }

    static Golden replyRefuse() {
        String f = "0010"          // message-size 16
                + "07"             // msg-type 7 REPLY
                + "000001"         // transaction-id
                + "000d 0008"      // OPTION_STATUS_CODE, length 8
                + "000f"           //   status 15 TLSConnectionRefused
                + "6e6f20544c53";  // "no TLS"
        return new Golden("REPLY refuse", hex(f), StartTlsReply.refuse(1, "no TLS"));
    }

    static Golden bndUpdClient() {
        String f = "00c4"          // message-size 196
                + "18"             // msg-type 24 BNDUPD
                + "000200"         // transaction-id
                + "31a2b3c4"       // sent-time
                + "002d 00b8"      // OPTION_CLIENT_DATA, length 184
                + "0001 000a 00030001001122334455" // OPTION_CLIENTID, DUID-LL
                + "0064 0004 31a2b3c0" // OPTION_LQ_BASE_TIME
                + "0003 005c"      // OPTION_IA_NA, length 92
                + "00000001 00000708 00000b40" // IAID 1, T1 1800, T2 2880
                + "0005 004c"      //   OPTION_IAADDR, length 76
                + "20010db8000000000000000000000011" // 2001:db8::11
                + "00000e10 00001c20" // preferred 3600, valid 7200
                + "0072 0001 01"   //     OPTION_F_BINDING_STATUS ACTIVE
                + "0085 0004 31a2b300" // OPTION_F_START_TIME_OF_STATE
                + "0086 0004 31a2cf20" // OPTION_F_STATE_EXPIRATION_TIME
                + "002e 0004 0000003c" // OPTION_CLT_TIME 60 s ago
                + "007b 0004 31a2dd30" // OPTION_F_PARTNER_LIFETIME
                + "0078 0004 31a2cf20" // OPTION_F_EXPIRATION_TIME
                + "0fa0 0003 abcdef"   // unknown option 4000, kept as is
                + "0019 003e"      // OPTION_IA_PD, length 62
                + "00000002 00000708 00000b40" // IAID 2, T1, T2
                + "001a 002e"      //   OPTION_IAPREFIX, length 46
                + "00000e10 00001c20" // preferred, valid
                + "38"             //   prefix length 56
                + "20010db8ff0001000000000000000000" // 2001:db8:ff00:100::
                + "0072 0001 01"   //     OPTION_F_BINDING_STATUS ACTIVE
                + "0085 0004 31a2b300" // OPTION_F_START_TIME_OF_STATE
                + "0086 0004 31a2cf20"; // OPTION_F_STATE_EXPIRATION_TIME
        IaAddrOption addr = new IaAddrOption(ADDR, 3600, 7200, List.of(new BindingStatusOption(1),
                new StartTimeOfStateOption(0x31a2b300L), new StateExpirationTimeOption(0x31a2cf20L),
                new CltTimeOption(60), new PartnerLifetimeOption(0x31a2dd30L),
                new ExpirationTimeOption(0x31a2cf20L), new UnknownOption(4000, hex("abcdef"))));
        IaPrefixOption prefix = new IaPrefixOption(3600, 7200, 56, PD_PREFIX, List.of(new BindingStatusOption(1),
                new StartTimeOfStateOption(0x31a2b300L), new StateExpirationTimeOption(0x31a2cf20L)));
        ClientDataOption client = new ClientDataOption(List.of(new ClientIdOption(DUID),
                new LqBaseTimeOption(0x31a2b3c0L),
                new IaNaOption(1, 1800, 2880, List.of(addr)),
                new IaPdOption(2, 1800, 2880, List.of(prefix))));
        return new Golden("BNDUPD client", hex(f), BndUpd.of(0x200, SENT, client));
    }

    static Golden bndUpdBarePrefix() {
        String f = "003a"          // message-size 58
                + "18"             // msg-type 24 BNDUPD
                + "000201"         // transaction-id
                + "31a2b3c4"       // sent-time
                + "001a 002e"      // OPTION_IAPREFIX (bare), length 46
                + "00000000 00000000" // preferred 0, valid 0
                + "40"             // prefix length 64
                + "20010db8000100000000000000000000" // 2001:db8:1::
                + "0064 0004 31a2b3c0" // OPTION_LQ_BASE_TIME
                + "0072 0001 06"   //   OPTION_F_BINDING_STATUS FREE-BACKUP
                + "0085 0004 31a2b300"; // OPTION_F_START_TIME_OF_STATE
        IaPrefixOption bare = new IaPrefixOption(0, 0, 64, DELEGABLE, List.of(new LqBaseTimeOption(0x31a2b3c0L),
                new BindingStatusOption(6), new StartTimeOfStateOption(0x31a2b300L)));
        return new Golden("BNDUPD bare IAPREFIX", hex(f), BndUpd.of(0x201, SENT, bare));
    }

    static Golden bndReplyClient() {
        String f = "0070"          // message-size 112
                + "19"             // msg-type 25 BNDREPLY
                + "000200"         // transaction-id, echoed from BNDUPD
                + "31a2b3c6"       // sent-time
                + "002d 0064"      // OPTION_CLIENT_DATA, length 100
                + "0001 000a 00030001001122334455" // OPTION_CLIENTID
                + "000d 0002 0015" // OPTION_STATUS_CODE 21 DNSUpdateNotSupported (client level)
                + "0003 004c"      // OPTION_IA_NA, length 76
                + "00000001 00000708 00000b40" // IAID, T1, T2
                + "000d 0002 0010" //   OPTION_STATUS_CODE 16 AddressInUse (IA level)
                + "0005 0036"      //   OPTION_IAADDR, length 54
                + "20010db8000000000000000000000011" // 2001:db8::11
                + "00000e10 00001c20" // preferred, valid
                + "000d 0005 0013 6f6c64" // OPTION_STATUS_CODE 19 "old" (lease level)
                + "0072 0001 01"   //     OPTION_F_BINDING_STATUS ACTIVE (as received)
                + "0086 0004 31a2cf20" // OPTION_F_STATE_EXPIRATION_TIME (as received)
                + "007c 0004 31a2dd30"; // OPTION_F_PARTNER_LIFETIME_SENT (echo)
        IaAddrOption addr = new IaAddrOption(ADDR, 3600, 7200, List.of(new StatusCodeOption(19, "old"),
                new BindingStatusOption(1), new StateExpirationTimeOption(0x31a2cf20L),
                new PartnerLifetimeSentOption(0x31a2dd30L)));
        ClientDataOption client = new ClientDataOption(List.of(new ClientIdOption(DUID),
                StatusCodeOption.of(StatusCode.DNS_UPDATE_NOT_SUPPORTED, ""),
                new IaNaOption(1, 1800, 2880, List.of(StatusCodeOption.of(StatusCode.ADDRESS_IN_USE, ""), addr))));
        return new Golden("BNDREPLY client", hex(f), BndReply.of(0x200, SENT + 2, client));
    }

    static Golden bndReplyBarePrefix() {
        String f = "003e"          // message-size 62
                + "19"             // msg-type 25 BNDREPLY
                + "000201"         // transaction-id
                + "31a2b3c6"       // sent-time
                + "000d 0002 0012" // OPTION_STATUS_CODE 18 MissingBindingInformation (message level)
                + "001a 002c"      // OPTION_IAPREFIX (bare), length 44
                + "00000000 00000000" // preferred, valid
                + "40"             // prefix length 64
                + "20010db8000100000000000000000000" // 2001:db8:1::
                + "000d 0002 0011" //   OPTION_STATUS_CODE 17 ConfigurationConflict
                + "0072 0001 06"   //   OPTION_F_BINDING_STATUS FREE-BACKUP
                + "007c 0004 31a2dd30"; // OPTION_F_PARTNER_LIFETIME_SENT
        IaPrefixOption bare = new IaPrefixOption(0, 0, 64, DELEGABLE, List.of(new StatusCodeOption(17, ""),
                new BindingStatusOption(6), new PartnerLifetimeSentOption(0x31a2dd30L)));
        return new Golden("BNDREPLY bare IAPREFIX", hex(f), new BndReply(0x201, SENT + 2,
                List.of(StatusCodeOption.of(StatusCode.MISSING_BINDING_INFORMATION, ""), bare)));
    }
}

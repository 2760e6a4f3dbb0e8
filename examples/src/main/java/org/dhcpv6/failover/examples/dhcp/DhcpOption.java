package org.dhcpv6.failover.examples.dhcp;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import org.dhcpv6.failover.api.Duid;
import org.dhcpv6.failover.api.Ipv6Address;
import org.dhcpv6.failover.api.Ipv6Prefix;

/**
 * One DHCPv6 option (RFC 8415 §21). Each known option is a record below; anything else is kept
 * as an {@link Unknown} so it survives a decode and encode unchanged. Switch on {@link #kind()}.
 */
public sealed interface DhcpOption {

    /** OPTION_CLIENTID (§21.2). */
    int CLIENTID = 1;
    /** OPTION_SERVERID (§21.3). */
    int SERVERID = 2;
    /** OPTION_IA_NA (§21.4). */
    int IA_NA = 3;
    /** OPTION_IAADDR (§21.6). */
    int IAADDR = 5;
    /** OPTION_ORO (§21.7). */
    int ORO = 6;
    /** OPTION_PREFERENCE (§21.8). */
    int PREFERENCE = 7;
    /** OPTION_ELAPSED_TIME (§21.9). */
    int ELAPSED_TIME = 8;
    /** OPTION_RELAY_MSG (§21.10). */
    int RELAY_MSG = 9;
    /** OPTION_STATUS_CODE (§21.13). */
    int STATUS_CODE = 13;
    /** OPTION_RAPID_COMMIT (§21.14). */
    int RAPID_COMMIT = 14;
    /** OPTION_INTERFACE_ID (§21.18). */
    int INTERFACE_ID = 18;
    /** OPTION_DNS_SERVERS (RFC 3646 §3). */
    int DNS_SERVERS = 23;
    /** OPTION_IA_PD (§21.21). */
    int IA_PD = 25;
    /** OPTION_IAPREFIX (§21.22). */
    int IAPREFIX = 26;

    /** Which record this is, for exhaustive switches. */
    enum Kind {
        /** {@link ClientId}. */ CLIENT_ID,
        /** {@link ServerId}. */ SERVER_ID,
        /** {@link IaNa}. */ IA_NA,
        /** {@link IaAddress}. */ IA_ADDRESS,
        /** {@link IaPd}. */ IA_PD,
        /** {@link IaPrefix}. */ IA_PREFIX,
        /** {@link OptionRequest}. */ OPTION_REQUEST,
        /** {@link Preference}. */ PREFERENCE,
        /** {@link ElapsedTime}. */ ELAPSED_TIME,
        /** {@link RelayMessage}. */ RELAY_MESSAGE,
        /** {@link Status}. */ STATUS,
        /** {@link RapidCommit}. */ RAPID_COMMIT,
        /** {@link InterfaceId}. */ INTERFACE_ID,
        /** {@link DnsServers}. */ DNS_SERVERS,
        /** {@link Unknown}. */ UNKNOWN
    }

    /** The option-code on the wire. */
    int code();

    /** Which record this is. */
    Kind kind();

    /** Largest value of a 32-bit unsigned field; as a lifetime it means infinity (§7.7). */
    long UINT32_MAX = 0xFFFF_FFFFL;

    private static long checkUint32(String name, long v) {
        if (v < 0 || v > UINT32_MAX) {
            throw new IllegalArgumentException(name + " must fit 32 unsigned bits: " + v);
        }
        return v;
    }

    private static int checkUint16(String name, int v) {
        if (v < 0 || v > 0xFFFF) {
            throw new IllegalArgumentException(name + " must fit 16 unsigned bits: " + v);
        }
        return v;
    }

    /** Client Identifier (§21.2). @param duid the client's DUID */
    record ClientId(Duid duid) implements DhcpOption {
        /** Checks for null. */
        public ClientId {
            Objects.requireNonNull(duid, "duid");
        }
        @Override public int code() { return CLIENTID; }
        @Override public Kind kind() { return Kind.CLIENT_ID; }
    }

    /** Server Identifier (§21.3). @param duid the server's DUID */
    record ServerId(Duid duid) implements DhcpOption {
        /** Checks for null. */
        public ServerId {
            Objects.requireNonNull(duid, "duid");
        }
        @Override public int code() { return SERVERID; }
        @Override public Kind kind() { return Kind.SERVER_ID; }
    }

    /**
     * Identity Association for Non-temporary Addresses (§21.4).
     *
     * @param iaid the client's identifier for this IA
     * @param t1Seconds when to renew, 0 = client decides
     * @param t2Seconds when to rebind, 0 = client decides
     * @param options IAADDR and STATUS_CODE options, and any others
     */
    record IaNa(long iaid, long t1Seconds, long t2Seconds, List<DhcpOption> options) implements DhcpOption {
        /** Checks field ranges and copies the list. */
        public IaNa {
            checkUint32("iaid", iaid);
            checkUint32("t1Seconds", t1Seconds);
            checkUint32("t2Seconds", t2Seconds);
            options = List.copyOf(options);
        }
        @Override public int code() { return IA_NA; }
        @Override public Kind kind() { return Kind.IA_NA; }
    }

    /**
     * IA Address (§21.6), inside an IA_NA.
     *
     * @param address the address
     * @param preferredSeconds preferred lifetime
     * @param validSeconds valid lifetime
     * @param options STATUS_CODE and any others
     */
    record IaAddress(Ipv6Address address, long preferredSeconds, long validSeconds, List<DhcpOption> options)
            implements DhcpOption {
        /** Checks field ranges and copies the list. */
        public IaAddress {
            Objects.requireNonNull(address, "address");
            checkUint32("preferredSeconds", preferredSeconds);
            checkUint32("validSeconds", validSeconds);
            options = List.copyOf(options);
        }
        @Override public int code() { return IAADDR; }
        @Override public Kind kind() { return Kind.IA_ADDRESS; }
    }

    /**
     * Identity Association for Prefix Delegation (§21.21).
     *
     * @param iaid the client's identifier for this IA
     * @param t1Seconds when to renew, 0 = client decides
     * @param t2Seconds when to rebind, 0 = client decides
     * @param options IAPREFIX and STATUS_CODE options, and any others
     */
    record IaPd(long iaid, long t1Seconds, long t2Seconds, List<DhcpOption> options) implements DhcpOption {
        /** Checks field ranges and copies the list. */
        public IaPd {
            checkUint32("iaid", iaid);
            checkUint32("t1Seconds", t1Seconds);
            checkUint32("t2Seconds", t2Seconds);
            options = List.copyOf(options);
        }
        @Override public int code() { return IA_PD; }
        @Override public Kind kind() { return Kind.IA_PD; }
    }

    /**
     * IA Prefix (§21.22), inside an IA_PD.
     *
     * @param preferredSeconds preferred lifetime
     * @param validSeconds valid lifetime
     * @param prefix the delegated prefix
     * @param options STATUS_CODE and any others
     */
    record IaPrefix(long preferredSeconds, long validSeconds, Ipv6Prefix prefix, List<DhcpOption> options)
            implements DhcpOption {
        /** Checks field ranges and copies the list. */
        public IaPrefix {
            checkUint32("preferredSeconds", preferredSeconds);
            checkUint32("validSeconds", validSeconds);
            Objects.requireNonNull(prefix, "prefix");
            options = List.copyOf(options);
        }
        @Override public int code() { return IAPREFIX; }
        @Override public Kind kind() { return Kind.IA_PREFIX; }
    }

    /** Option Request (§21.7). @param codes requested option codes */
    record OptionRequest(List<Integer> codes) implements DhcpOption {
        /** Checks each code fits 16 bits and copies the list. */
        public OptionRequest {
            codes = List.copyOf(codes);
            codes.forEach(c -> checkUint16("requested option code", c));
        }
        @Override public int code() { return ORO; }
        @Override public Kind kind() { return Kind.OPTION_REQUEST; }
    }

    /** Server Preference (§21.8). @param value 0..255, higher is better */
    record Preference(int value) implements DhcpOption {
        /** Checks the range. */
        public Preference {
            if (value < 0 || value > 255) {
                throw new IllegalArgumentException("preference must be 0..255: " + value);
            }
        }
        @Override public int code() { return PREFERENCE; }
        @Override public Kind kind() { return Kind.PREFERENCE; }
    }

    /** Elapsed Time (§21.9). @param hundredths time since the exchange began, 1/100 s */
    record ElapsedTime(int hundredths) implements DhcpOption {
        /** Checks the range. */
        public ElapsedTime {
            checkUint16("hundredths", hundredths);
        }
        @Override public int code() { return ELAPSED_TIME; }
        @Override public Kind kind() { return Kind.ELAPSED_TIME; }
    }

    /** Relay Message (§21.10). @param message the relayed message */
    record RelayMessage(DhcpMessage message) implements DhcpOption {
        /** Checks for null. */
        public RelayMessage {
            Objects.requireNonNull(message, "message");
        }
        @Override public int code() { return RELAY_MSG; }
        @Override public Kind kind() { return Kind.RELAY_MESSAGE; }
    }

    /**
     * Status Code (§21.13).
     *
     * @param statusCode the 16-bit code; {@link StatusCode} names the ones we use
     * @param message UTF-8 text for humans, may be empty
     */
    record Status(int statusCode, String message) implements DhcpOption {
        /** Checks the range. */
        public Status {
            checkUint16("statusCode", statusCode);
            Objects.requireNonNull(message, "message");
        }

        /** A status option for a known code. */
        public static Status of(StatusCode code, String message) {
            return new Status(code.code(), message);
        }

        /** Whether this carries {@code code}. */
        public boolean is(StatusCode code) {
            return statusCode == code.code();
        }

        /** The message as UTF-8 octets. */
        public byte[] messageBytes() {
            return message.getBytes(StandardCharsets.UTF_8);
        }
        @Override public int code() { return STATUS_CODE; }
        @Override public Kind kind() { return Kind.STATUS; }
    }

    /** Rapid Commit (§21.14), no data. */
    record RapidCommit() implements DhcpOption {
        @Override public int code() { return RAPID_COMMIT; }
        @Override public Kind kind() { return Kind.RAPID_COMMIT; }
    }

    /** Interface-Id (§21.18), opaque to servers. @param id the relay's interface identifier */
    record InterfaceId(Octets id) implements DhcpOption {
        /** Checks for null. */
        public InterfaceId {
            Objects.requireNonNull(id, "id");
        }
        @Override public int code() { return INTERFACE_ID; }
        @Override public Kind kind() { return Kind.INTERFACE_ID; }
    }

    /** DNS Recursive Name Servers (RFC 3646 §3). @param servers the server addresses */
    record DnsServers(List<Ipv6Address> servers) implements DhcpOption {
        /** Copies the list. */
        public DnsServers {
            servers = List.copyOf(servers);
        }
        @Override public int code() { return DNS_SERVERS; }
        @Override public Kind kind() { return Kind.DNS_SERVERS; }
    }

    /**
     * Any option this codec does not interpret, kept verbatim.
     *
     * @param code the option-code
     * @param data the option-data
     */
    record Unknown(int code, Octets data) implements DhcpOption {
        /** Checks the code range. */
        public Unknown {
            checkUint16("code", code);
            Objects.requireNonNull(data, "data");
        }
        @Override public Kind kind() { return Kind.UNKNOWN; }
    }
}

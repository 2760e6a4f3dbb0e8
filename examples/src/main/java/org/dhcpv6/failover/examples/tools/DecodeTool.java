package org.dhcpv6.failover.examples.tools;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import org.dhcpv6.failover.core.internal.time.WireTime;
import org.dhcpv6.failover.core.internal.wire.FailoverMessage;
import org.dhcpv6.failover.core.internal.wire.Frames;
import org.dhcpv6.failover.core.internal.wire.MalformedMessageException;
import org.dhcpv6.failover.core.internal.wire.MessageCodec;
import org.dhcpv6.failover.core.internal.wire.StartTls;
import org.dhcpv6.failover.core.internal.wire.StartTlsReply;

/**
 * Decodes RFC 8156 failover frames typed or pasted as hex and prints each as one line of JSON.
 *
 * <p>Input: one frame per line, the 2-octet message-size prefix included (RFC 5460 §5.1,
 * RFC 8156 §6); whitespace inside a line is ignored, blank lines are skipped. Output: one JSON
 * object per frame with {@code type}, {@code code}, {@code xid}, {@code sentTime},
 * {@code sentTimeUtc} and {@code options} (containers nest their own {@code options}).
 *
 * <p>Times are resolved without looking at the clock, so output is reproducible: the sent-time
 * is read as 2000-01-01 plus the wire value (the first 2^32-second era, up to 2136); absolute
 * times in options are resolved to the instant nearest the message's sent-time.
 *
 * <p>A line that is not valid hex or not a valid frame prints {@code {"error":...,"offset":N}},
 * where the offset counts octets from the start of the frame (size prefix included) or, for bad
 * hex, characters from the start of the line. Decoding continues with the next line; the exit
 * status is 1 if any line failed, else 0.
 */
public final class DecodeTool {

    /** Resolves sent-times within 2000..2136: 2^31 seconds after 2000-01-01. */
    static final Instant FIRST_ERA_MIDDLE = Instant.ofEpochSecond(WireTime.EPOCH_2000_SECONDS + (1L << 31));

    private DecodeTool() {
    }

    /** Reads frames from standard input and exits with {@link #run}'s status. */
    public static void main(String[] args) throws IOException {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        int status = run(new InputStreamReader(System.in, StandardCharsets.UTF_8), out);
        System.exit(status);
    }

    /**
     * Decodes every line of {@code in}, printing one JSON line per frame to {@code out}.
     *
     * @return 0 if every frame decoded, 1 if any line was malformed
     */
    public static int run(Reader in, PrintStream out) throws IOException {
        BufferedReader lines = new BufferedReader(in);
        int status = 0;
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            if (line.isBlank()) {
                continue;
            }
            String json = decodeLine(line);
            if (json.startsWith("{\"error\"")) {
                status = 1;
            }
            out.println(json);
        }
        return status;
    }

    /** The JSON for one line of hex: the message, or an error object. */
    public static String decodeLine(String line) {
        StringBuilder hex = new StringBuilder(line.length());
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (Character.isWhitespace(c)) {
                continue;
            }
            if (Character.digit(c, 16) < 0) {
                return error("not a hex digit: '" + c + "'", i);
            }
            hex.append(c);
        }
        if (hex.length() % 2 != 0) {
            return error("odd number of hex digits", line.length());
        }
        byte[] frame = HexFormat.of().parseHex(hex);
        try {
            byte[] body = Frames.unframe(frame);
            try {
                return toJson(MessageCodec.decode(body));
            } catch (MalformedMessageException e) {
                return error(e.reason(), e.offset() + Frames.PREFIX_LENGTH);
            }
        } catch (MalformedMessageException e) {
            return error(e.reason(), e.offset());
        }
    }

    /** The JSON form of a decoded message. */
    public static String toJson(FailoverMessage m) {
        Json json = new Json().open()
                .field("type", m.type().rfcName())
                .field("code", m.type().code())
                .field("xid", m.transactionId());
        Instant reference = FIRST_ERA_MIDDLE;
        if (hasSentTime(m)) {
            reference = WireTime.fromWire(m.sentTime(), FIRST_ERA_MIDDLE);
            json.field("sentTime", m.sentTime()).field("sentTimeUtc", reference.toString());
        }
        OptionJson.writeAll(json, m.options(), reference);
        return json.close().toString();
    }

    private static boolean hasSentTime(FailoverMessage m) {
        if (m instanceof StartTls s) {
            return s.withSentTime();
        }
        return !(m instanceof StartTlsReply r) || r.withSentTime();
    }

    private static String error(String reason, int offset) {
        return new Json().open().field("error", reason).field("offset", offset).close().toString();
    }
}

package org.dhcpv6.failover.examples.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DecodeToolTest {

    /** CONNECT from failover-core's golden frames: version 1.0, MCLT 3600, keepalive 60, name "pair-1". */
    private static final String CONNECT = "0038 1f 000102 31a2b3c4 007f000400010000 007a000400000e10"
            + " 0080 0004 0000003c 0079000400000064 0082 0006 706169722d31 0073 0002 0001";

    /** STATE with a start time of state, to check the UTC rendering of absolute times. */
    private static final String STATE = "0022 22 000103 31a2b3c4 0084000104 0083000105"
            + " 0085000431a2b000 007d000431a2a000";

    @Test
    void decodesConnect() {
        String json = DecodeTool.decodeLine(CONNECT);
        assertTrue(json.startsWith("{\"type\":\"CONNECT\",\"code\":31,\"xid\":258,\"sentTime\":832746436,"
                + "\"sentTimeUtc\":\"2026-05-22T06:27:16Z\","), json);
        assertTrue(json.contains("{\"code\":122,\"name\":\"OPTION_F_MCLT\",\"value\":3600}"), json);
        assertTrue(json.contains("{\"code\":127,\"name\":\"OPTION_F_PROTOCOL_VERSION\",\"major\":1,\"minor\":0}"), json);
        assertTrue(json.contains("{\"code\":130,\"name\":\"OPTION_F_RELATIONSHIP_NAME\",\"value\":\"pair-1\"}"), json);
    }

    @Test
    void absoluteTimesGetUtc() {
        String json = DecodeTool.decodeLine(STATE);
        assertTrue(json.contains("\"name\":\"OPTION_F_START_TIME_OF_STATE\",\"value\":832745472,\"utc\":\"2026-05-22T06:11:12Z\""),
                json);
    }

    @Test
    void garbageReportsErrorOffsetAndExitStatus() throws Exception {
        assertEquals("{\"error\":\"not a hex digit: 'x'\",\"offset\":2}", DecodeTool.decodeLine("00x1"));
        String lying = DecodeTool.decodeLine("0010 23000104 31a2b3c4 0fa0ffff00");
        assertTrue(lying.startsWith("{\"error\":\"size prefix says 16"), lying);
        String overrun = DecodeTool.decodeLine("000b 23000104 31a2b3c4 007a00");
        assertTrue(overrun.endsWith("\"offset\":10}"), overrun);

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        int status = DecodeTool.run(new StringReader(CONNECT + "\n\n  \nzz\n" + STATE + "\n"), out);
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(1, status);
        assertEquals(3, lines.length);
        assertTrue(lines[1].startsWith("{\"error\""), lines[1]);
        assertTrue(lines[2].startsWith("{\"type\":\"STATE\""), lines[2]);

        bytes.reset();
        assertEquals(0, DecodeTool.run(new StringReader(CONNECT + "\n"), out));
    }
}

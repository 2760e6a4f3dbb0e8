package org.dhcpv6.failover.examples.tools;

/**
 * A tiny JSON object writer: enough for the decoder tool's flat objects and nested arrays,
 * without pulling a JSON library into the examples.
 */
final class Json {

    private final StringBuilder sb = new StringBuilder(256);
    private boolean first = true;

    Json open() {
        comma();
        sb.append('{');
        first = true;
        return this;
    }

    Json close() {
        sb.append('}');
        first = false;
        return this;
    }

    Json openArray(String name) {
        key(name);
        sb.append('[');
        first = true;
        return this;
    }

    Json closeArray() {
        sb.append(']');
        first = false;
        return this;
    }

    Json field(String name, long value) {
        key(name);
        sb.append(value);
        return this;
    }

    Json field(String name, boolean value) {
        key(name);
        sb.append(value);
        return this;
    }

    Json field(String name, String value) {
        key(name);
        string(value);
        return this;
    }

    @Override
    public String toString() {
        return sb.toString();
    }

    private void key(String name) {
        comma();
        string(name);
        sb.append(':');
        first = false;
    }

    private void comma() {
        if (!first) {
            sb.append(',');
        }
        first = false;
    }

    private void string(String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}

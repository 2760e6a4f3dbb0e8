package org.dhcpv6.failover.examples.tools;

/**
 * A tiny JSON writer: enough for the decoder tool's and the status command's objects and nested
 * arrays, without pulling a JSON library into the examples. Calls must nest properly; nothing
 * is checked.
 */
public final class Json {

    private final StringBuilder sb = new StringBuilder(256);
    private boolean first = true;

    /** Opens an object (top level or an array element). */
    public Json open() {
        comma();
        sb.append('{');
        first = true;
        return this;
    }

    /** Closes the innermost object. */
    public Json close() {
        sb.append('}');
        first = false;
        return this;
    }

    /** Opens an array as the field {@code name}. */
    public Json openArray(String name) {
        key(name);
        sb.append('[');
        first = true;
        return this;
    }

    /** Closes the innermost array. */
    public Json closeArray() {
        sb.append(']');
        first = false;
        return this;
    }

    /** Opens an object as the field {@code name}. */
    public Json openObject(String name) {
        key(name);
        sb.append('{');
        first = true;
        return this;
    }

    /** A number field. */
    public Json field(String name, long value) {
        key(name);
        sb.append(value);
        return this;
    }

    /** A number field, or {@code null} when {@code value} is null. */
    public Json number(String name, Long value) {
        key(name);
        sb.append(value == null ? "null" : value.toString());
        return this;
    }

    /** A boolean field. */
    public Json field(String name, boolean value) {
        key(name);
        sb.append(value);
        return this;
    }

    /** A string field, or {@code null} when {@code value} is null. */
    public Json field(String name, String value) {
        key(name);
        if (value == null) {
            sb.append("null");
        } else {
            string(value);
        }
        return this;
    }

    /** A string element of the innermost array. */
    public Json element(String value) {
        comma();
        string(value);
        return this;
    }

    /** The JSON text written so far. */
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

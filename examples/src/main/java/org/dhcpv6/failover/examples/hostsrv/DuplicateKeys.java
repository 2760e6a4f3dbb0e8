package org.dhcpv6.failover.examples.hostsrv;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Finds a key set twice in a properties file. {@link Properties#load} keeps the last value
 * silently, so a second {@code pool.addresses} further down would win unnoticed. Each logical
 * line (with its backslash continuations) is read by {@link Properties} itself, so keys are
 * understood exactly as the real load understands them.
 */
final class DuplicateKeys {

    private DuplicateKeys() {
    }

    /** Fails on the first key that appears on two lines, naming the key and both line numbers. */
    static void check(List<String> lines, Path file) throws ConfigException {
        Map<String, Integer> firstLine = new HashMap<>();
        int i = 0;
        while (i < lines.size()) {
            int start = i;
            StringBuilder logical = new StringBuilder(lines.get(i));
            String stripped = lines.get(i).strip();
            boolean comment = stripped.startsWith("#") || stripped.startsWith("!");
            while (!comment && continues(lines.get(i)) && i + 1 < lines.size()) {
                i++;
                logical.append('\n').append(lines.get(i));
            }
            i++;
            if (comment || stripped.isEmpty()) {
                continue;
            }
            String key = keyOf(logical.toString());
            if (key == null) {
                continue;
            }
            Integer earlier = firstLine.putIfAbsent(key, start + 1);
            if (earlier != null) {
                throw new ConfigException(key + ": set twice in " + file + ", on line " + earlier + " and line "
                        + (start + 1) + " (remove one)");
            }
        }
    }

    /** An odd number of trailing backslashes continues the line. */
    private static boolean continues(String line) {
        int n = 0;
        for (int k = line.length() - 1; k >= 0 && line.charAt(k) == '\\'; k--) {
            n++;
        }
        return n % 2 == 1;
    }

    private static String keyOf(String logicalLine) {
        Properties one = new Properties();
        try {
            one.load(new StringReader(logicalLine));
        } catch (IOException | IllegalArgumentException e) {
            return null; // the real load reports it
        }
        return one.stringPropertyNames().stream().map(String::trim).findFirst().orElse(null);
    }
}

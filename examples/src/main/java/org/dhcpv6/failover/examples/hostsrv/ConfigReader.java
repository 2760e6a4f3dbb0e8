package org.dhcpv6.failover.examples.hostsrv;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Typed reads of one properties file, each failing with a {@link ConfigException} that names the
 * key. Values are trimmed; relative paths are resolved against the configuration file's folder,
 * so a configuration and its certificates can move together.
 */
final class ConfigReader {

    private static final Pattern DURATION = Pattern.compile("(\\d{1,10})(ms|s|m|h|d)");

    private final Map<String, String> values;
    private final Path baseDir;

    ConfigReader(Map<String, String> values, Path baseDir) {
        this.values = values;
        this.baseDir = baseDir;
    }

    /** Fails on the first key that is not in {@code known}: a typo must not be silently ignored. */
    void rejectUnknown(Set<String> known) throws ConfigException {
        for (String key : values.keySet().stream().sorted().toList()) {
            if (!known.contains(key)) {
                throw new ConfigException(key + ": unknown key (see examples/README-SERVER.md for the keys)");
            }
        }
    }

    boolean has(String key) {
        return values.containsKey(key);
    }

    Optional<String> string(String key) throws ConfigException {
        String v = values.get(key);
        if (v == null) {
            return Optional.empty();
        }
        if (v.isEmpty()) {
            throw new ConfigException(key + ": empty value (remove the line to use the default)");
        }
        return Optional.of(v);
    }

    String required(String key, String why) throws ConfigException {
        return string(key).orElseThrow(() -> new ConfigException(key + ": required " + why));
    }

    boolean bool(String key, boolean dflt) throws ConfigException {
        Optional<String> v = string(key);
        if (v.isEmpty()) {
            return dflt;
        }
        return switch (v.get().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new ConfigException(key + ": '" + v.get() + "' is not true or false");
        };
    }

    int integer(String key, int dflt, int min, int max) throws ConfigException {
        Optional<String> v = string(key);
        if (v.isEmpty()) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v.get().trim());
            if (n < min || n > max) {
                throw new ConfigException(key + ": " + n + " is out of range (" + min + ".." + max + ")");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new ConfigException(key + ": '" + v.get() + "' is not a whole number");
        }
    }

    Optional<Duration> duration(String key) throws ConfigException {
        Optional<String> v = string(key);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(parseDuration(key, v.get()));
    }

    static Duration parseDuration(String key, String text) throws ConfigException {
        Matcher m = DURATION.matcher(text.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new ConfigException(key + ": '" + text + "' is not a duration (use e.g. 3600s, 60m, 1h)");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    Optional<Path> path(String key) throws ConfigException {
        Optional<String> v = string(key);
        return v.isEmpty() ? Optional.empty() : Optional.of(baseDir.resolve(v.get()).normalize());
    }

    /** A path that must name an existing regular file. */
    Optional<Path> existingFile(String key) throws ConfigException {
        Optional<Path> p = path(key);
        if (p.isPresent() && !Files.isRegularFile(p.get())) {
            throw new ConfigException(key + ": " + p.get() + " is not a readable file");
        }
        return p;
    }

    Optional<InetSocketAddress> socketAddress(String key, int defaultPort) throws ConfigException {
        Optional<String> v = string(key);
        return v.isEmpty() ? Optional.empty() : Optional.of(parseSocketAddress(key, v.get(), defaultPort));
    }

    /**
     * Parses {@code [2001:db8::1]:647}, {@code [2001:db8::1]}, a bare IPv6 address, {@code host:port}
     * or {@code host}; the port defaults to {@code defaultPort}.
     */
    static InetSocketAddress parseSocketAddress(String key, String text, int defaultPort) throws ConfigException {
        String host;
        String port = null;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0 || (close + 1 < text.length() && text.charAt(close + 1) != ':')) {
                throw badAddress(key, text, "no closing ']' before the port");
            }
            host = text.substring(1, close);
            port = close + 1 < text.length() ? text.substring(close + 2) : null;
        } else if (text.indexOf(':') >= 0 && text.indexOf(':') == text.lastIndexOf(':')) {
            host = text.substring(0, text.indexOf(':'));
            port = text.substring(text.indexOf(':') + 1);
        } else {
            host = text;
        }
        int p = defaultPort;
        if (port != null) {
            try {
                p = Integer.parseInt(port);
            } catch (NumberFormatException e) {
                throw badAddress(key, text, "port '" + port + "' is not a number");
            }
            if (p < 0 || p > 65535) {
                throw badAddress(key, text, "port " + p + " is not 0..65535");
            }
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(host), p);
        } catch (UnknownHostException e) {
            throw badAddress(key, text, "unknown host '" + host + "'");
        }
    }

    private static ConfigException badAddress(String key, String text, String why) {
        return new ConfigException(key + ": '" + text + "' is not address:port (use e.g. [2001:db8::b]:647): " + why);
    }
}

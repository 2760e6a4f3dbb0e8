package org.dhcpv6.failover.examples.hostsrv;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads the {@code tls.*} keys; failover without TLS must be asked for by name. */
final class ConfigTls {

    private static final List<String> TLS_KEYS = List.of("tls.chain", "tls.key", "tls.ca", "tls.partner-name",
            "tls.pinned-fingerprint");

    private ConfigTls() {
    }

    /**
     * The TLS files, or empty when {@code tls.insecure-plaintext=true}. Without that key every
     * file must be given: the partner is known either by {@code tls.ca} plus
     * {@code tls.partner-name} or by {@code tls.pinned-fingerprint}.
     */
    static Optional<ServerConfig.TlsFiles> read(ConfigReader in) throws ConfigException {
        if (in.bool("tls.insecure-plaintext", false)) {
            List<String> set = TLS_KEYS.stream().filter(in::has).toList();
            if (!set.isEmpty()) {
                throw new ConfigException("tls.insecure-plaintext: true, but " + String.join(", ", set)
                        + " also set; remove one or the other");
            }
            return Optional.empty();
        }
        boolean pinned = in.has("tls.pinned-fingerprint");
        List<String> missing = new ArrayList<>();
        for (String key : pinned ? List.of("tls.chain", "tls.key") : List.of("tls.chain", "tls.key", "tls.ca",
                "tls.partner-name")) {
            if (!in.has(key)) {
                missing.add(key);
            }
        }
        if (!missing.isEmpty()) {
            throw new ConfigException(String.join(", ", missing) + ": required for failover over TLS "
                    + "(give tls.partner-name with tls.ca, or tls.pinned-fingerprint; 'failover-server gen-certs' "
                    + "makes a demo set), or set tls.insecure-plaintext=true on a protected network only");
        }
        if (pinned && (in.has("tls.ca") || in.has("tls.partner-name"))) {
            throw new ConfigException("tls.pinned-fingerprint: set either it or tls.ca with tls.partner-name, not both");
        }
        Path chain = in.existingFile("tls.chain").orElseThrow();
        Path key = in.existingFile("tls.key").orElseThrow();
        return Optional.of(new ServerConfig.TlsFiles(chain, key, in.existingFile("tls.ca"),
                in.string("tls.partner-name"), in.string("tls.pinned-fingerprint")));
    }
}

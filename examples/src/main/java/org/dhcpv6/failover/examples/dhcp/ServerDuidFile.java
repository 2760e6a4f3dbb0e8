package org.dhcpv6.failover.examples.dhcp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;
import org.dhcpv6.failover.api.Duid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a server's DUID in a file so it survives restarts: RFC 8415 §11 requires a server's DUID
 * not to change, and clients renewing with our old SERVERID would otherwise be ignored.
 *
 * <p>A new DUID is a DUID-UUID (RFC 6355) from a random UUID: unlike DUID-LLT it needs no
 * network interface with a hardware address, which containers often lack. The file holds the
 * DUID as one line of hex and is written to a temporary file first, then moved into place.
 */
public final class ServerDuidFile {

    private static final Logger LOG = LoggerFactory.getLogger(ServerDuidFile.class);

    private ServerDuidFile() {
    }

    /**
     * Reads the DUID from {@code file}, or makes a new one and stores it there.
     *
     * @throws UncheckedIOException if the file cannot be read or written
     * @throws IllegalArgumentException if the file exists but does not hold a valid DUID
     */
    public static Duid loadOrCreate(Path file) {
        try {
            if (Files.exists(file)) {
                String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
                Duid duid = Duids.fromHex(text);
                LOG.debug("server DUID {} read from {}", duid, file);
                return duid;
            }
            Duid duid = Duids.uuid(UUID.randomUUID());
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path tmp = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
            Files.writeString(tmp, duid.toString() + "\n", StandardCharsets.US_ASCII);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            LOG.info("new server DUID {} stored in {}", duid, file);
            return duid;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load or store server DUID in " + file, e);
        }
    }
}

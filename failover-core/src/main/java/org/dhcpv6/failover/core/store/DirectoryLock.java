package org.dhcpv6.failover.core.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.dhcpv6.failover.api.LeaseStoreException;

/**
 * An exclusive lock on a store directory, so two stores (in this process or another) never write
 * the same journal. The operating system drops it if the process dies.
 */
final class DirectoryLock implements AutoCloseable {

    static final String FILE_NAME = "lock";

    private final FileChannel channel;
    private final FileLock lock;

    private DirectoryLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the lock or fails at once, naming the directory. */
    static DirectoryLock acquire(Path dir) throws LeaseStoreException {
        Path file = dir.resolve(FILE_NAME);
        FileChannel channel = null;
        try {
            PrivateFiles.createIfMissing(file);
            channel = FileChannel.open(file, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw held(dir, file, null);
            }
            return new DirectoryLock(channel, lock);
        } catch (OverlappingFileLockException e) {
            closeQuietly(channel);
            throw held(dir, file, e);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new LeaseStoreException("cannot lock store directory " + dir + ": " + e.getMessage(), e);
        } catch (LeaseStoreException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    private static LeaseStoreException held(Path dir, Path file, Throwable cause) {
        return new LeaseStoreException("store directory " + dir + " is already open by another store ("
                + file + " is locked); only one process may use it", cause);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // The open already failed; that error is the one worth reporting.
            }
        }
    }

    @Override
    public void close() throws IOException {
        if (!channel.isOpen()) {
            return;
        }
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}

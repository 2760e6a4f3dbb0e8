package org.dhcpv6.failover.examples.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dhcpv6.failover.examples.hostsrv.ControlClient;
import org.dhcpv6.failover.examples.hostsrv.FailoverServerMain;

/**
 * One example server ({@code failover-server run --config FILE}) in its own JVM, so that the demo
 * can kill it for real with SIGKILL ({@link Process#destroyForcibly()}) and start it again on the
 * same journal. Its status comes from the server's control socket, the same answer
 * {@code failover-server status} prints.
 */
public final class ServerProcess {

    /**
     * What one {@code status} line of the relationship says.
     *
     * @param skewMillis the partner's clock minus ours as estimated, or {@link Long#MIN_VALUE} if
     *        the line shows none
     */
    public record Status(String state, String partnerState, long bindings, long active, long skewMillis) {

        /** Status of a server that does not answer. */
        public static final Status DOWN = new Status("(down)", "", -1, -1, Long.MIN_VALUE);
    }

    // "demo PRIMARY NORMAL since ..., partner NORMAL (connected), ..., 12 bindings (10 active)"
    private static final Pattern LINE = Pattern.compile(
            "^(\\S+) (PRIMARY|SECONDARY) (\\S+) since .*?, partner (\\S+) .*?(?:, (\\d+) bindings \\((\\d+) active\\))?$");

    private static final Pattern SKEW = Pattern.compile(", skew (-?\\d+) ms");

    private final String name;
    private final Path config;
    private final Path controlSocket;
    private final Path log;
    private Process process;

    /**
     * @param name a label for the table and messages, e.g. {@code primary}
     * @param config the server's properties file
     * @param controlSocket the control socket the configuration names
     * @param log where the server's output goes (appended across restarts)
     */
    public ServerProcess(String name, Path config, Path controlSocket, Path log) {
        this.name = name;
        this.config = config;
        this.controlSocket = controlSocket;
        this.log = log;
    }

    /** The label given at construction. */
    public String name() {
        return name;
    }

    /** The server's log file. */
    public Path log() {
        return log;
    }

    /** Starts the server JVM with this JVM's class path; output is appended to the log. */
    public synchronized void start() throws IOException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name + " is already running");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // Timestamps in the log, so a failure can be laid beside the demo's timeline.
        ProcessBuilder pb = new ProcessBuilder(java, "-Dorg.slf4j.simpleLogger.showDateTime=true",
                "-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS", "-cp", System.getProperty("java.class.path"),
                FailoverServerMain.class.getName(), "run", "--config", config.toString());
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        process = pb.start();
    }

    /** The server process id, or -1 when not started. */
    public synchronized long pid() {
        return process == null ? -1 : process.pid();
    }

    /** Whether the server JVM is running. */
    public synchronized boolean alive() {
        return process != null && process.isAlive();
    }

    /** SIGKILL: no DISCONNECT, no shutdown hook, the journal left as the crash leaves it. */
    public synchronized void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** SIGTERM (a clean shutdown), then SIGKILL if the server has not stopped after 10 s. */
    public synchronized void stop() {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** The relationship's status from the control socket, or {@link Status#DOWN}. */
    public Status status() {
        if (!alive()) {
            return Status.DOWN;
        }
        try {
            return parse(ControlClient.send(controlSocket, "status"));
        } catch (IOException e) {
            return Status.DOWN; // not listening yet, or just killed
        }
    }

    /** The relationship line of a {@code status} answer, or {@link Status#DOWN} if there is none. */
    static Status parse(List<String> lines) {
        for (String line : lines) {
            Matcher m = LINE.matcher(line);
            if (m.matches()) {
                long all = m.group(5) == null ? -1 : Long.parseLong(m.group(5));
                long active = m.group(6) == null ? -1 : Long.parseLong(m.group(6));
                Matcher skew = SKEW.matcher(line);
                long skewMillis = skew.find() ? Long.parseLong(skew.group(1)) : Long.MIN_VALUE;
                return new Status(m.group(3), m.group(4), all, active, skewMillis);
            }
        }
        return Status.DOWN;
    }

    /** The last {@code n} lines of the server's log, for failure reports. */
    public List<String> logTail(int n) {
        try {
            List<String> all = Files.readAllLines(log);
            return all.subList(Math.max(0, all.size() - n), all.size());
        } catch (IOException e) {
            return List.of("(no log: " + e.getMessage() + ")");
        }
    }
}

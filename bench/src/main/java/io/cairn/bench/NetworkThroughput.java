package io.cairn.bench;

import io.cairn.core.multiaddr.Component;
import io.cairn.core.multiaddr.Multiaddr;
import io.cairn.core.peer.Ed25519KeyPair;
import io.cairn.network.host.Connection;
import io.cairn.network.host.Host;
import io.cairn.network.host.P2pStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Whole-host network figures on loopback, each beside a baseline from the same run (the machine is shared):
 * <ul>
 *   <li>{@code stream MIB ROUNDS}: one libp2p stream between two Cairn hosts (TCP, Noise, Yamux) carrying MIB
 *       mebibytes to a sink that acknowledges the count, against a plain TCP socket copy of the same bytes in
 *       the same JVM. Prints MB/s (10^6 bytes/s) per round, alternating the two.</li>
 *   <li>{@code dial COUNT}: COUNT fresh connections (TCP + Noise + Yamux + identify), one at a time; prints
 *       p50, p99 and max in milliseconds.</li>
 * </ul>
 * Usage: {@code java -cp bench/target/benchmarks.jar io.cairn.bench.NetworkThroughput stream 256 5}.
 * Binds 127.0.0.1 only; every loop is bounded by its count.
 */
public final class NetworkThroughput {
    static final String SINK = "/cairn/sink/1.0.0";
    private static final int WRITE = 256 * 1024;

    private NetworkThroughput() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "stream";
        if (mode.equals("stream")) {
            int mib = args.length > 1 ? Integer.parseInt(args[1]) : 256;
            int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
            stream(mib, rounds);
        } else if (mode.equals("dial")) {
            dial(args.length > 1 ? Integer.parseInt(args[1]) : 1000);
        } else {
            System.err.println("usage: NetworkThroughput stream MIB ROUNDS | dial COUNT");
            System.exit(2);
        }
    }

    private static Host host() throws IOException {
        Host h = Host.builder(Ed25519KeyPair.generate(new SecureRandom()))
                .listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")).start();
        h.handle(SINK, NetworkThroughput::sink);
        return h;
    }

    /** Reads to the end, then answers the count as 8 bytes big-endian (as the JS harness's sink does). */
    static void sink(P2pStream s) {
        sinkFrom(s, 0);
    }

    private static void sinkFrom(P2pStream s, long count) {
        s.read().whenComplete((data, e) -> {
            if (e != null) {
                s.reset();
            } else if (data.length == 0) {
                s.write(ByteBuffer.allocate(8).putLong(count).array()).whenComplete((v, e2) -> s.closeWrite());
            } else {
                sinkFrom(s, count + data.length);
            }
        });
    }

    private static void stream(int mib, int rounds) throws Exception {
        long bytes = (long) mib << 20;
        byte[] block = new byte[WRITE];
        new SecureRandom().nextBytes(block);
        try (Host a = host(); Host b = host()) {
            Multiaddr bAddr = b.listenAddresses().get(0).encapsulate(Component.p2p(b.peerId()));
            a.connect(bAddr).get(10, TimeUnit.SECONDS).identified().get(10, TimeUnit.SECONDS);
            System.out.printf("one stream, %d MiB per round (MB/s = 10^6 bytes/s)%n", mib);
            System.out.printf("%-6s %12s %12s %8s%n", "round", "tcp-copy", "cairn", "ratio");
            for (int r = 1; r <= rounds; r++) {
                double tcp = tcpCopy(bytes, block);
                double cairn = cairnStream(a, b, bytes, block);
                System.out.printf("%-6d %12.1f %12.1f %8.2f%n", r, tcp, cairn, cairn / tcp);
            }
        }
    }

    private static double cairnStream(Host a, Host b, long bytes, byte[] block) throws Exception {
        P2pStream s = a.newStream(b.peerId(), List.of(SINK)).get(10, TimeUnit.SECONDS);
        long start = System.nanoTime();
        CompletableFuture<Void> sent = send(s, block, bytes);
        sent.get(10, TimeUnit.MINUTES);
        byte[] ack = readAll(s).get(10, TimeUnit.MINUTES);
        long elapsed = System.nanoTime() - start;
        long acked = ByteBuffer.wrap(ack).getLong();
        if (acked != bytes) {
            throw new IllegalStateException("sink acknowledged " + acked + " of " + bytes);
        }
        return bytes / (elapsed / 1e9) / 1e6;
    }

    private static CompletableFuture<Void> send(P2pStream s, byte[] block, long left) {
        if (left == 0) {
            s.closeWrite();
            return CompletableFuture.completedFuture(null);
        }
        byte[] chunk = left >= block.length ? block : Arrays.copyOf(block, (int) left);
        return s.write(chunk).thenCompose(v -> send(s, block, left - chunk.length));
    }

    private static CompletableFuture<byte[]> readAll(P2pStream s) {
        CompletableFuture<byte[]> done = new CompletableFuture<>();
        java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
        readInto(s, got, done);
        return done;
    }

    private static void readInto(P2pStream s, java.io.ByteArrayOutputStream got, CompletableFuture<byte[]> done) {
        s.read().whenComplete((d, e) -> {
            if (e != null) {
                done.completeExceptionally(e);
            } else if (d.length == 0) {
                done.complete(got.toByteArray());
            } else {
                got.writeBytes(d);
                readInto(s, got, done);
            }
        });
    }

    /** The same bytes through one plain loopback TCP connection, read by a thread that acknowledges the count. */
    private static double tcpCopy(long bytes, byte[] block) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread reader = new Thread(() -> {
                try (Socket s = server.accept(); InputStream in = s.getInputStream();
                        DataOutputStream out = new DataOutputStream(s.getOutputStream())) {
                    byte[] buf = new byte[WRITE];
                    long n = 0;
                    for (int r; (r = in.read(buf)) >= 0; ) {
                        n += r;
                        if (n >= bytes) {
                            break;
                        }
                    }
                    out.writeLong(n);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            reader.start();
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
                    OutputStream out = s.getOutputStream(); DataInputStream in = new DataInputStream(s.getInputStream())) {
                long start = System.nanoTime();
                for (long left = bytes; left > 0; left -= block.length) {
                    out.write(block, 0, (int) Math.min(block.length, left));
                }
                out.flush();
                long acked = in.readLong();
                long elapsed = System.nanoTime() - start;
                if (acked != bytes) {
                    throw new IllegalStateException("tcp reader got " + acked + " of " + bytes);
                }
                reader.join();
                return bytes / (elapsed / 1e9) / 1e6;
            }
        }
    }

    private static void dial(int count) throws Exception {
        try (Host a = host(); Host b = host()) {
            Multiaddr bAddr = b.listenAddresses().get(0).encapsulate(Component.p2p(b.peerId()));
            List<Long> micros = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                long start = System.nanoTime();
                Connection c = a.connect(bAddr).get(10, TimeUnit.SECONDS);
                c.identified().get(10, TimeUnit.SECONDS);
                micros.add((System.nanoTime() - start) / 1000);
                c.close();
                c.closeFuture().get(10, TimeUnit.SECONDS);
            }
            micros.sort(null);
            System.out.printf("%d dials (TCP + Noise + Yamux + identify): p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
                    count, micros.get(count / 2) / 1000.0, micros.get((int) Math.ceil(count * 0.99) - 1) / 1000.0,
                    micros.get(count - 1) / 1000.0);
        }
    }
}

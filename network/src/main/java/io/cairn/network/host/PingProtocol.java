package io.cairn.network.host;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * libp2p ping (libp2p/specs ping/ping.md): the dialer sends 32 random bytes, the listener echoes each 32-byte
 * payload until the stream ends. The listener echoes only whole payloads, so a peer can make it hold at most 31
 * bytes.
 */
final class PingProtocol {
    static final String ID = "/ipfs/ping/1.0.0";
    static final int SIZE = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Serves {@code /ipfs/ping/1.0.0}. */
    static void serve(P2pStream stream) {
        echo(stream, new ByteArrayOutputStream());
    }

    private static void echo(P2pStream stream, ByteArrayOutputStream partial) {
        stream.read().whenComplete((data, e) -> {
            if (e != null) {
                return;
            }
            if (data.length == 0) {
                stream.closeWrite();
                return;
            }
            partial.writeBytes(data);
            byte[] all = partial.toByteArray();
            int whole = all.length - all.length % SIZE;
            partial.reset();
            partial.write(all, whole, all.length - whole);
            CompletableFuture<Void> written = whole == 0 ? CompletableFuture.completedFuture(null)
                    : stream.write(Arrays.copyOf(all, whole));
            written.whenComplete((v, e2) -> {
                if (e2 == null) {
                    echo(stream, partial);
                }
            });
        });
    }

    /** One round trip on a new stream over {@code conn}. */
    static CompletableFuture<Duration> ping(Connection conn) {
        byte[] payload = new byte[SIZE];
        RANDOM.nextBytes(payload);
        return conn.openStream(List.of(ID)).thenCompose(s -> {
            long start = System.nanoTime();
            return s.write(payload)
                    .thenCompose(v -> readExactly(s, SIZE, new ByteArrayOutputStream()))
                    .thenApply(echoed -> {
                        long rtt = System.nanoTime() - start;
                        s.closeWrite();
                        if (!Arrays.equals(echoed, payload)) {
                            s.reset();
                            throw new PingMismatchException();
                        }
                        return Duration.ofNanos(rtt);
                    });
        });
    }

    private static CompletableFuture<byte[]> readExactly(P2pStream s, int n, ByteArrayOutputStream got) {
        return s.read().thenCompose(data -> {
            if (data.length == 0) {
                return CompletableFuture.failedFuture(new EOFException("ping stream ended after " + got.size()
                        + " bytes"));
            }
            got.writeBytes(data);
            if (got.size() >= n) {
                return CompletableFuture.completedFuture(Arrays.copyOf(got.toByteArray(), n));
            }
            return readExactly(s, n, got);
        });
    }

    /** The peer echoed something other than what was sent. */
    static final class PingMismatchException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PingMismatchException() {
            super("ping answer does not match the payload sent");
        }
    }
}

package io.cairn.network.host;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

/** A test protocol: the server writes back every byte; the client checks what comes back is what it sent. */
final class Echo {
    static final String PROTOCOL = "/cairn/echo/1.0.0";
    static final int CHUNK = 64 * 1024;

    private Echo() {
    }

    static void serve(P2pStream s) {
        s.read().whenComplete((data, e) -> {
            if (e != null) {
                s.reset();
            } else if (data.length == 0) {
                s.closeWrite();
            } else {
                s.write(data).whenComplete((v, e2) -> {
                    if (e2 == null) {
                        serve(s);
                    } else {
                        s.reset();
                    }
                });
            }
        });
    }

    /** Sends {@code size} pseudo-random bytes from {@code seed}; completes with how many matching bytes came back. */
    static CompletableFuture<Long> run(P2pStream s, long size, long seed) {
        MessageDigest sent = sha256();
        MessageDigest got = sha256();
        CompletableFuture<Long> received = new CompletableFuture<>();
        readAll(s, got, 0, received);
        CompletableFuture<Void> written = writeAll(s, new Random(seed), size, sent);
        return written.thenCombine(received, (v, n) -> {
            if (n != size) {
                throw new AssertionError("echo returned " + n + " of " + size + " bytes");
            }
            if (!Arrays.equals(sent.digest(), got.digest())) {
                throw new AssertionError("echo returned different bytes");
            }
            return n;
        });
    }

    private static CompletableFuture<Void> writeAll(P2pStream s, Random random, long left, MessageDigest digest) {
        if (left == 0) {
            s.closeWrite();
            return CompletableFuture.completedFuture(null);
        }
        byte[] chunk = new byte[(int) Math.min(CHUNK, left)];
        random.nextBytes(chunk);
        digest.update(chunk);
        return s.write(chunk).thenCompose(v -> writeAll(s, random, left - chunk.length, digest));
    }

    private static void readAll(P2pStream s, MessageDigest digest, long count, CompletableFuture<Long> done) {
        s.read().whenComplete((data, e) -> {
            if (e != null) {
                done.completeExceptionally(e);
            } else if (data.length == 0) {
                done.complete(count);
            } else {
                digest.update(data);
                readAll(s, digest, count + data.length, done);
            }
        });
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}

package io.cairn.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code sha256sum} with the JDK's SHA-256: the baseline {@code add-throughput.sh} times {@code cairn add -n}
 * against, so that both pay a JVM start and read the file through a Java stream. Prints {@code <hex>  <path>} on
 * standard output, as {@code sha256sum} does, and the time spent inside the JVM (start-up excluded) on standard
 * error.
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.cairn.bench.Sha256File [--leaves SIZE] FILE...}
 * <ul>
 *   <li>Without options: one digest over the whole file on one thread, fed in 1 MiB reads. This is the
 *       baseline.</li>
 *   <li>{@code --leaves SIZE}: the file cut into SIZE-byte pieces, each hashed on its own on a pool of one thread
 *       per core (at most {@code 2 * cores + 2} pieces in flight, as the importer does), and the printed value is
 *       the SHA-256 of the concatenated piece digests. Not a CID: it is the most an importer that only hashed its
 *       leaves could do on this machine at this moment, so it tells how many cores a round really had.</li>
 * </ul>
 */
public final class Sha256File {
    private static final int READ_SIZE = 1 << 20;

    private Sha256File() {}

    public static void main(String[] args) throws IOException, NoSuchAlgorithmException {
        int leafSize = 0;
        int first = 0;
        if (args.length >= 2 && args[0].equals("--leaves")) {
            leafSize = Integer.parseInt(args[1]);
            first = 2;
        }
        if (args.length == first || leafSize < 0) {
            System.err.println("usage: Sha256File [--leaves SIZE] FILE...");
            System.exit(2);
        }
        for (int i = first; i < args.length; i++) {
            Path path = Path.of(args[i]);
            long start = System.nanoTime();
            long[] total = new long[1];
            byte[] digest = leafSize == 0 ? whole(path, total) : leaves(path, leafSize, total);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.println(HexFormat.of().formatHex(digest) + "  " + args[i]);
            System.err.println(String.format(Locale.ROOT, "Sha256File: %d bytes in %.3f s in the JVM, %.1f MB/s",
                    total[0], seconds, total[0] / seconds / 1e6));
        }
    }

    private static byte[] whole(Path path, long[] total) throws IOException, NoSuchAlgorithmException {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        byte[] buf = new byte[READ_SIZE];
        try (InputStream in = Files.newInputStream(path)) {
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                md.update(buf, 0, n);
                total[0] += n;
            }
        }
        return md.digest();
    }

    /** Up to {@code size} bytes, fewer only at the stream's end; readNBytes would read 8 KiB at a time. */
    private static byte[] readPiece(InputStream in, int size) throws IOException {
        byte[] piece = new byte[size];
        int filled = 0;
        for (int n; filled < size && (n = in.read(piece, filled, size - filled)) >= 0; ) {
            filled += n;
        }
        return filled == size ? piece : Arrays.copyOf(piece, filled);
    }

    private static byte[] leaves(Path path, int leafSize, long[] total) throws IOException,
            NoSuchAlgorithmException {
        int cores = Runtime.getRuntime().availableProcessors();
        int window = 2 * cores + 2;
        ExecutorService pool = Executors.newFixedThreadPool(cores);
        MessageDigest ofDigests = MessageDigest.getInstance("SHA-256");
        ArrayDeque<Future<byte[]>> inFlight = new ArrayDeque<>();
        try (InputStream in = Files.newInputStream(path)) {
            while (true) {
                // Each piece is a fresh array read straight from the stream, as the size-N chunker hands them out.
                byte[] piece = readPiece(in, leafSize);
                if (piece.length > 0) {
                    total[0] += piece.length;
                    inFlight.add(pool.submit(() -> MessageDigest.getInstance("SHA-256").digest(piece)));
                }
                while (!inFlight.isEmpty() && (inFlight.size() >= window || piece.length < leafSize)) {
                    ofDigests.update(inFlight.poll().get());
                }
                if (piece.length < leafSize) {
                    return ofDigests.digest();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while hashing");
        } catch (ExecutionException e) {
            throw new IOException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}

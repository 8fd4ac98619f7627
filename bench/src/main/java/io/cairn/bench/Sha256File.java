package io.cairn.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * {@code sha256sum} with the JDK's SHA-256 on one thread: the baseline {@code add-throughput.sh} times
 * {@code cairn add -n} against, so that both pay a JVM start and read the file through a Java stream in 1 MiB
 * reads. Prints {@code <hex>  <path>} on standard output, as {@code sha256sum} does, and the time spent hashing
 * inside the JVM (start-up excluded) on standard error.
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.cairn.bench.Sha256File FILE...}
 */
public final class Sha256File {
    private static final int READ_SIZE = 1 << 20;

    private Sha256File() {}

    public static void main(String[] args) throws IOException, NoSuchAlgorithmException {
        if (args.length == 0) {
            System.err.println("usage: Sha256File FILE...");
            System.exit(2);
        }
        byte[] buf = new byte[READ_SIZE];
        for (String arg : args) {
            Path path = Path.of(arg);
            long start = System.nanoTime();
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            long total = 0;
            try (InputStream in = Files.newInputStream(path)) {
                for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                    md.update(buf, 0, n);
                    total += n;
                }
            }
            byte[] digest = md.digest();
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.println(HexFormat.of().formatHex(digest) + "  " + arg);
            System.err.println(String.format(Locale.ROOT, "Sha256File: %d bytes in %.3f s in the JVM, %.1f MB/s",
                    total, seconds, total / seconds / 1e6));
        }
    }
}

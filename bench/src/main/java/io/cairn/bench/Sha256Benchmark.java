package io.cairn.bench;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The baseline: the JDK's SHA-256 on one thread over the bytes the other benchmarks import. Every importer figure
 * is read against this one, from the same run.
 *
 * <ul>
 *   <li>{@code stream}: one digest over all the bytes, fed in {@code updateBytes} pieces ({@code sha256sum}).</li>
 *   <li>{@code perChunk}: a fresh digest per {@code updateBytes} piece, as leaves are hashed; the single-thread
 *       ceiling of an importer that does nothing but hash its leaves.</li>
 * </ul>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xmx512m"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class Sha256Benchmark {
    @Param({"64"})
    public int sizeMiB;

    @Param({"262144", "1048576"})
    public int updateBytes;

    private byte[] data;

    @Setup
    public void setUp() {
        data = BenchData.random(BenchData.mebibytes(sizeMiB));
    }

    @Benchmark
    public byte[] stream(ByteRate rate) throws NoSuchAlgorithmException {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        for (int off = 0; off < data.length; off += updateBytes) {
            md.update(data, off, Math.min(updateBytes, data.length - off));
        }
        rate.add(data.length);
        return md.digest();
    }

    @Benchmark
    public int perChunk(ByteRate rate) throws NoSuchAlgorithmException {
        int acc = 0;
        for (int off = 0; off < data.length; off += updateBytes) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(data, off, Math.min(updateBytes, data.length - off));
            acc += md.digest()[0];
        }
        rate.add(data.length);
        return acc;
    }
}

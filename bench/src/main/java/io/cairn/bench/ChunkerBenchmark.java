package io.cairn.bench;

import io.cairn.core.chunker.Chunker;
import io.cairn.core.chunker.ChunkerSpec;
import java.io.ByteArrayInputStream;
import java.io.IOException;
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
 * The chunkers alone, on one thread, over the same bytes as {@link Sha256Benchmark}: splitting and copying each
 * chunk out, no hashing. The importer reads chunks on the calling thread, so a chunker slower than the pool's
 * hashing caps {@code add} at its speed.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xmx512m"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ChunkerBenchmark {
    @Param({"64"})
    public int sizeMiB;

    @Param({"size-262144", "size-1048576", "rabin", "buzhash"})
    public String spec;

    private byte[] data;
    private ChunkerSpec chunker;

    @Setup
    public void setUp() {
        data = BenchData.random(BenchData.mebibytes(sizeMiB));
        chunker = ChunkerSpec.parse(spec);
    }

    @Benchmark
    public int chunk(ByteRate rate) throws IOException {
        int chunks = 0;
        long bytes = 0;
        try (Chunker c = chunker.open(new ByteArrayInputStream(data))) {
            for (byte[] chunk = c.nextChunk(); chunk != null; chunk = c.nextChunk()) {
                chunks++;
                bytes += chunk.length;
            }
        }
        if (bytes != data.length) {
            throw new IllegalStateException("chunks cover " + bytes + " of " + data.length + " bytes");
        }
        rate.add(bytes);
        return chunks;
    }
}

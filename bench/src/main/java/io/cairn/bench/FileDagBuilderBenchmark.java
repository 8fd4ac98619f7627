package io.cairn.bench;

import io.cairn.core.block.BlockSink;
import io.cairn.core.importer.FileDagBuilder;
import io.cairn.core.importer.FileLink;
import io.cairn.core.importer.ImportOptions;
import io.cairn.core.importer.ImportProfile;
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
 * {@code cairn add -n} without the process and the disk: {@link FileDagBuilder#build} over the same bytes as
 * {@link Sha256Benchmark}, from memory, into {@link BlockSink#DISCARD}. Leaves are hashed on all cores (the
 * importer's own pool), so on N cores this may pass the single-thread baseline.
 *
 * <p>Profiles: {@code kubo} is Kubo's defaults (CIDv0, dag-pb leaves, 256 KiB chunks, 174 links), the leaf path
 * that copies each chunk into a UnixFS and a DAG-PB envelope; {@code unixfs-v1-2025} is CIDv1 with raw 1 MiB leaves
 * and 1024 links, where a leaf is its chunk.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xmx512m"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class FileDagBuilderBenchmark {
    @Param({"64"})
    public int sizeMiB;

    @Param({"kubo", "unixfs-v1-2025"})
    public String profile;

    private byte[] data;
    private ImportOptions options;

    @Setup
    public void setUp() {
        data = BenchData.random(BenchData.mebibytes(sizeMiB));
        options = "kubo".equals(profile)
                ? ImportOptions.defaults()
                : ImportOptions.builder().profile(ImportProfile.forName(profile)).build();
    }

    @Benchmark
    public FileLink build(ByteRate rate) throws IOException {
        FileLink root = FileDagBuilder.build(new ByteArrayInputStream(data), options, BlockSink.DISCARD);
        rate.add(data.length);
        return root;
    }
}

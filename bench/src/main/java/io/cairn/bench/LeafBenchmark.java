package io.cairn.bench;

import io.cairn.core.block.Block;
import io.cairn.core.dagpb.DagPb;
import io.cairn.core.dagpb.PbNode;
import io.cairn.core.multiformats.Cid;
import io.cairn.core.multiformats.HashFunction;
import io.cairn.core.multiformats.Multicodec;
import io.cairn.core.multiformats.Multihash;
import io.cairn.core.unixfs.UnixFsData;
import io.cairn.core.unixfs.UnixFsType;
import java.util.List;
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
 * One leaf, on one thread: what each task on the importer's hashing pool costs. The recipes follow core's
 * package-private {@code BlockFactory.leaf} through the public API: {@code dagPb} wraps the chunk in UnixFS
 * {@code Data} and a DAG-PB node and hashes the result (Kubo's default leaves), {@code raw} hashes the chunk as it
 * is. Against {@link Sha256Benchmark#perChunk} this shows what the encoding adds to the hashing.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xmx512m"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class LeafBenchmark {
    @Param({"262144", "1048576"})
    public int chunkBytes;

    private byte[] chunk;

    @Setup
    public void setUp() {
        chunk = BenchData.random(chunkBytes);
    }

    @Benchmark
    public Block dagPb(ByteRate rate) {
        byte[] unixfs = UnixFsData.builder(UnixFsType.FILE).data(chunk).fileSize((long) chunk.length).build()
                .toBytes();
        byte[] node = DagPb.encode(new PbNode(List.of(), unixfs));
        rate.add(chunk.length);
        return new Block(Cid.v0(Multihash.digest(HashFunction.SHA2_256, node)), node);
    }

    @Benchmark
    public Block raw(ByteRate rate) {
        rate.add(chunk.length);
        return new Block(Cid.v1(Multicodec.RAW, Multihash.digest(HashFunction.SHA2_256, chunk)), chunk);
    }
}

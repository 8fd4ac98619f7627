package io.cairn.core.unixfs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cairn.core.block.Block;
import io.cairn.core.testing.CairnArbitraries;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class DirectoryBuilderProperties {
    @Provide
    Arbitrary<List<DirectoryEntry>> entries() {
        Arbitrary<String> name = CairnArbitraries.names().filter(n -> !n.isEmpty() && n.indexOf('/') < 0);
        Arbitrary<DirectoryEntry> entry = Combinators.combine(name, CairnArbitraries.cids(),
                Arbitraries.longs().between(0, 1L << 40)).as(DirectoryEntry::new);
        return entry.list().ofMaxSize(80).uniqueElements(DirectoryEntry::name);
    }

    @Provide
    Arbitrary<DirectoryBuilder> builders() {
        return Combinators.combine(
                Arbitraries.of(0, 1),
                Arbitraries.of(ShardSizeEstimation.class),
                Arbitraries.longs().between(0, 3000),
                Arbitraries.of(8, 16, 256, 1024),
                Arbitraries.integers().between(0, 07777).injectNull(0.7))
                .as((v, est, threshold, fanout, mode) -> DirectoryBuilder.create().cidVersion(v).sizeEstimation(est)
                        .shardingThreshold(threshold).fanout(fanout).mode(mode));
    }

    @Property(tries = 300)
    void everyEntryIsReachableFromTheBlocks(@ForAll("builders") DirectoryBuilder b,
            @ForAll("entries") List<DirectoryEntry> entries) throws IOException {
        DirectoryReader r = new DirectoryReader();
        DirectoryEntry root = b.build("d", entries, r);
        List<DirectoryEntry> listed = r.list(root);
        assertEquals(new HashSet<>(entries), new HashSet<>(listed));
        assertEquals(entries.size(), listed.size());
        for (DirectoryEntry e : entries) {
            assertEquals(e, r.find(root.cid(), e.name()));
        }
        long entriesTsize = entries.stream().mapToLong(DirectoryEntry::tsize).sum();
        assertEquals(entriesTsize + r.totalBytes(), root.tsize());
        assertEquals(b.wouldShard(entries) ? UnixFsType.HAMT_SHARD : UnixFsType.DIRECTORY, r.typeOf(root.cid()));
    }

    @Property(tries = 200)
    void entryOrderDoesNotMatter(@ForAll("builders") DirectoryBuilder b,
            @ForAll("entries") List<DirectoryEntry> entries, @ForAll long seed) throws IOException {
        List<Block> first = new ArrayList<>();
        DirectoryEntry a = b.build("d", entries, first::add);
        List<DirectoryEntry> shuffled = new ArrayList<>(entries);
        Collections.shuffle(shuffled, new Random(seed));
        List<Block> second = new ArrayList<>();
        DirectoryEntry c = b.build("d", shuffled, second::add);
        assertEquals(a, c);
        assertEquals(cids(first), cids(second));
    }

    private static Set<String> cids(List<Block> blocks) {
        Set<String> out = new HashSet<>();
        blocks.forEach(bl -> out.add(bl.cid().toString()));
        return out;
    }
}

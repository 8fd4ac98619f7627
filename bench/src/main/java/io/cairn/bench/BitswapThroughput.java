package io.cairn.bench;

import io.cairn.core.block.Block;
import io.cairn.core.block.BlockSource;
import io.cairn.core.block.MemoryBlockStore;
import io.cairn.core.dagpb.PbLink;
import io.cairn.core.importer.FileLink;
import io.cairn.core.importer.ImportOptions;
import io.cairn.core.importer.UnixFsImporter;
import io.cairn.core.multiaddr.Component;
import io.cairn.core.multiaddr.Multiaddr;
import io.cairn.core.multiformats.Cid;
import io.cairn.core.peer.Ed25519KeyPair;
import io.cairn.core.reader.UnixFsNode;
import io.cairn.core.reader.UnixFsReader;
import io.cairn.network.bitswap.Bitswap;
import io.cairn.network.bitswap.BitswapSession;
import io.cairn.network.host.Host;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Bitswap on loopback: one file (default 256 MiB, CIDv1, raw 256 KiB leaves, 1024 links: the same DAG on both
 * sides, checked by CID) moved between two nodes, per round, each figure beside baselines from the same round:
 * <ol>
 *   <li>{@code tcp}: the same bytes through one plain loopback socket;</li>
 *   <li>{@code cairn->cairn window}: a second Cairn host fetches the DAG through one Bitswap session, 64 blocks in
 *       flight, in order, hashing as it goes;</li>
 *   <li>{@code cairn->cairn reader}: the same through core's {@code UnixFsReader} (its 8-block look-ahead);</li>
 *   <li>with the Helia harness ({@code JSDIR}, the test suite's .cairn-build/interop-js): {@code cairn->helia}
 *       (a fresh Helia cats from Cairn), {@code helia->cairn} (Cairn fetches, window, from a Helia that added the
 *       same file) and {@code helia->helia} (a fresh Helia cats from that Helia).</li>
 * </ol>
 * Every transfer is checked by SHA-256 against the source bytes. Prints MB/s (10^6 bytes/s) from the first request
 * to the last byte; process and connection setup are outside the timing. Blocks stay in memory on both sides. For
 * the figures where both ends are in this JVM it also prints the CPU seconds the JVM spent.
 * Usage: {@code java -Xmx3g -cp bench/target/benchmarks.jar io.cairn.bench.BitswapThroughput MIB ROUNDS [JSDIR]}.
 * Binds 127.0.0.1 only.
 */
public final class BitswapThroughput {
    private static final int CHUNK = 256 * 1024;
    private static final int WINDOW = 64;

    private BitswapThroughput() {
    }

    public static void main(String[] args) throws Exception {
        int mib = args.length > 0 ? Integer.parseInt(args[0]) : 256;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        Path js = args.length > 2 ? Path.of(args[2]).toAbsolutePath() : null;
        if (js != null && !Files.isExecutable(js.resolve("node_modules/node/bin/node"))) {
            System.out.println("helia figures skipped: no harness in " + js);
            js = null;
        }
        byte[] data = new byte[mib << 20];
        new Random(mib).nextBytes(data);
        String sha = sha256(data);
        Path file = Files.createTempFile("cairn-bitswap-bench-", ".bin");
        try {
            Files.write(file, data);
            run(data, sha, file, rounds, js);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static void run(byte[] data, String sha, Path file, int rounds, Path js) throws Exception {
        System.out.printf("java %s, %d cores, %d MiB, %d rounds%n", Runtime.version(),
                Runtime.getRuntime().availableProcessors(), data.length >> 20, rounds);
        MemoryBlockStore store = new MemoryBlockStore();
        ImportOptions options = ImportOptions.builder().cidVersion(1).rawLeaves(true).chunker("size-" + CHUNK)
                .maxLinks(1024).build();
        FileLink root = new UnixFsImporter(options, store::put, (p, l) -> { })
                .addStream(new ByteArrayInputStream(data));
        try (Host a = host(); Bitswap served = Bitswap.builder(a, store).start()) {
            for (int r = 1; r <= rounds; r++) {
                System.out.printf("round %d%n", r);
                long cpu = cpuNanos();
                print("tcp", data.length, tcpCopy(data), cpuNanos() - cpu);
                cpu = cpuNanos();
                print("cairn->cairn window", data.length, cairnFetch(a, root.cid(), sha, true), cpuNanos() - cpu);
                cpu = cpuNanos();
                print("cairn->cairn reader", data.length, cairnFetch(a, root.cid(), sha, false), cpuNanos() - cpu);
                if (js != null) {
                    helia(js, a, root.cid(), file, sha, data.length);
                }
            }
        }
    }

    private static void helia(Path js, Host a, Cid root, Path file, String sha, long size) throws Exception {
        String cid = HeliaProcess.quote(root.toString());
        try (HeliaProcess h1 = new HeliaProcess(js)) {
            h1.call("{\"cmd\":\"dial\",\"addr\":" + HeliaProcess.quote(address(a)) + "}");
            print("cairn->helia", size, catSeconds(h1, cid, sha));
        }
        try (HeliaProcess source = new HeliaProcess(js)) {
            String added = source.call("{\"cmd\":\"add\",\"path\":" + HeliaProcess.quote(file.toString())
                    + ",\"chunkSize\":" + CHUNK + ",\"rawLeaves\":true,\"cidVersion\":1}");
            if (!root.toString().equals(HeliaProcess.field(added, "cid"))) {
                throw new IllegalStateException("helia's CID " + added + " is not Cairn's " + root);
            }
            try (Host c = host(); Bitswap fetcher = Bitswap.builder(c, new MemoryBlockStore()).start()) {
                c.connect(Multiaddr.parse(source.address)).thenCompose(x -> x.identified()).get(30, TimeUnit.SECONDS);
                print("helia->cairn window", size, fetchSeconds(fetcher, root, sha, true));
            }
            try (HeliaProcess sink = new HeliaProcess(js)) {
                sink.call("{\"cmd\":\"dial\",\"addr\":" + HeliaProcess.quote(source.address) + "}");
                print("helia->helia", size, catSeconds(sink, cid, sha));
            }
        }
    }

    private static double catSeconds(HeliaProcess h, String cid, String sha) throws IOException {
        String cat = h.call("{\"cmd\":\"cat\",\"cid\":" + cid + ",\"timeoutMs\":900000}");
        if (!sha.equals(HeliaProcess.field(cat, "sha256"))) {
            throw new IllegalStateException("helia read other bytes: " + cat);
        }
        return Double.parseDouble(HeliaProcess.field(cat, "ms")) / 1000;
    }

    private static void print(String what, long bytes, double seconds) {
        System.out.printf("  %-22s %8.1f MB/s  (%.2f s)%n", what, bytes / seconds / 1e6, seconds);
    }

    /** With the CPU time this JVM spent (both Cairn nodes, as both live here): steadier than MB/s on a busy box. */
    private static void print(String what, long bytes, double seconds, long cpuNanos) {
        System.out.printf("  %-22s %8.1f MB/s  (%.2f s, %.2f CPU s in this JVM)%n", what, bytes / seconds / 1e6,
                seconds, cpuNanos / 1e9);
    }

    private static long cpuNanos() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory
                .getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
    }

    private static Host host() throws IOException {
        return Host.builder(Ed25519KeyPair.generate(new SecureRandom()))
                .listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")).start();
    }

    private static String address(Host h) {
        return h.listenAddresses().get(0).encapsulate(Component.p2p(h.peerId())).toString();
    }

    /** A fresh Cairn host with an empty store fetches the file from {@code a}; seconds from first request. */
    private static double cairnFetch(Host a, Cid root, String sha, boolean window) throws Exception {
        try (Host b = host(); Bitswap bitswap = Bitswap.builder(b, new MemoryBlockStore()).start()) {
            b.connect(Multiaddr.parse(address(a))).thenCompose(c -> c.identified()).get(30, TimeUnit.SECONDS);
            return fetchSeconds(bitswap, root, sha, window);
        }
    }

    private static double fetchSeconds(Bitswap bitswap, Cid root, String sha, boolean window) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        long start = System.nanoTime();
        try (BitswapSession session = bitswap.newSession()) {
            if (window) {
                windowedRead(session, root, md);
            } else {
                try (InputStream in = new UnixFsReader(session).open(root)) {
                    byte[] buf = new byte[1 << 16];
                    for (int n; (n = in.read(buf)) > 0; ) {
                        md.update(buf, 0, n);
                    }
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        String got = HexFormat.of().formatHex(md.digest());
        if (!got.equals(sha)) {
            throw new IllegalStateException("fetched other bytes: " + got);
        }
        return seconds;
    }

    /**
     * The file's bytes in order, with up to {@link #WINDOW} blocks requested ahead of the one being read: a deque
     * of slots in file order, where an interior node is replaced by its children when it is reached.
     */
    private static void windowedRead(BlockSource source, Cid root, MessageDigest md) throws IOException {
        final class Slot {
            final Cid cid;
            CompletableFuture<Block> fetch;

            Slot(Cid cid) {
                this.cid = cid;
            }
        }
        Deque<Slot> order = new ArrayDeque<>();
        order.add(new Slot(root));
        while (!order.isEmpty()) {
            int requested = 0;
            for (Slot s : order) {
                if (requested == WINDOW) {
                    break;
                }
                if (s.fetch == null) {
                    s.fetch = source.get(s.cid);
                }
                requested++;
            }
            Slot next = order.pollFirst();
            UnixFsNode node = UnixFsNode.decode(BlockSource.await(next.fetch, next.cid));
            if (node.isRaw()) {
                md.update(node.block().data());
                continue;
            }
            byte[] own = node.unixfs().data();
            if (own != null) {
                md.update(own);
            }
            List<PbLink> links = node.pb().links();
            for (int i = links.size() - 1; i >= 0; i--) {
                order.addFirst(new Slot(links.get(i).hash()));
            }
        }
    }

    /** The same bytes through one plain loopback TCP connection; the reader acknowledges the count. */
    private static double tcpCopy(byte[] data) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> {
                try (Socket s = server.accept(); InputStream in = s.getInputStream();
                        DataOutputStream out = new DataOutputStream(s.getOutputStream())) {
                    byte[] buf = new byte[CHUNK];
                    long n = 0;
                    for (int r; n < data.length && (r = in.read(buf)) >= 0; ) {
                        n += r;
                    }
                    out.writeLong(n);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
                    OutputStream out = s.getOutputStream();
                    DataInputStream in = new DataInputStream(s.getInputStream())) {
                long start = System.nanoTime();
                for (int off = 0; off < data.length; off += CHUNK) {
                    out.write(data, off, Math.min(CHUNK, data.length - off));
                }
                out.flush();
                long acked = in.readLong();
                double seconds = (System.nanoTime() - start) / 1e9;
                reader.get(30, TimeUnit.SECONDS);
                if (acked != data.length) {
                    throw new IllegalStateException("tcp reader got " + acked + " of " + data.length);
                }
                return seconds;
            }
        }
    }

    private static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }
}

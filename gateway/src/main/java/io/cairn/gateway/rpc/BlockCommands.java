package io.cairn.gateway.rpc;

import io.cairn.core.block.Block;
import io.cairn.core.block.BlockNotFoundException;
import io.cairn.core.car.CarFormatException;
import io.cairn.core.car.CarReader;
import io.cairn.core.car.CarWriter;
import io.cairn.core.ipld.IpldFormatException;
import io.cairn.core.ipld.Links;
import io.cairn.core.multiformats.Cid;
import io.cairn.core.multiformats.HashFunction;
import io.cairn.core.multiformats.Multicodec;
import io.cairn.core.multiformats.Multihash;
import io.cairn.core.ipld.DagTraversal;
import io.cairn.core.reader.UnixFsReader;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@code block/get|put|stat|rm} and {@code dag/export|import} (kubo {@code block.go}, {@code dag/*.go}). */
final class BlockCommands {
    /** Kubo's {@code cmdutils.SoftBlockLimit}: the largest block Bitswap moves. */
    static final int SOFT_BLOCK_LIMIT = 2 * 1024 * 1024;
    private static final int BIG_SECTION_LIMIT = 256 << 20;

    private final RpcBackend backend;

    BlockCommands(RpcBackend backend) {
        this.backend = backend;
    }

    void register(Map<String, RpcCommand> commands) {
        commands.put("block/get", this::get);
        commands.put("block/put", this::put);
        commands.put("block/stat", this::stat);
        commands.put("block/rm", this::rm);
        commands.put("dag/export", this::export);
        commands.put("dag/import", this::importCars);
    }

    private Cid resolve(String path) throws IOException {
        return ContentPaths.resolve(path, new UnixFsReader(backend.blocks()));
    }

    private void get(RpcRequest req, RpcResponse res) throws IOException {
        Cid cid = resolve(req.arg("cid"));
        Block block = backend.blocks().get(cid).join();
        try (OutputStream out = res.bytes(block.size())) {
            out.write(block.data());
        }
    }

    private void stat(RpcRequest req, RpcResponse res) throws IOException {
        Cid cid = resolve(req.arg("cid"));
        long size = backend.blockSize(cid);
        if (size < 0) {
            throw new BlockNotFoundException(cid);
        }
        res.json(stat(cid, size));
    }

    private static Map<String, Object> stat(Cid cid, long size) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("Key", cid.toString());
        o.put("Size", size);
        return o;
    }

    /**
     * Each multipart file is one block: CIDv1 with {@code cid-codec} (default raw) and {@code mhtype}; the legacy
     * {@code format} names the codec, and {@code format=v0} a CIDv0. One {@code {"Key","Size"}} line per block,
     * once all are durable (and pinned with {@code pin}).
     */
    private void put(RpcRequest req, RpcResponse res) throws IOException {
        String format = req.string("format", "f");
        String codecName = req.string("cid-codec");
        boolean v0 = false;
        if (codecName == null && format != null && !format.isEmpty()) {
            switch (format) {
                case "v0" -> {
                    codecName = "dag-pb";
                    v0 = true;
                }
                case "protobuf" -> codecName = "dag-pb";
                case "cbor" -> codecName = "dag-cbor";
                default -> codecName = format;
            }
        }
        Multicodec codec;
        HashFunction hash;
        try {
            codec = Multicodec.forName(codecName == null ? "raw" : codecName);
            String mh = req.string("mhtype");
            hash = HashFunction.forName(mh == null ? "sha2-256" : mh);
        } catch (IllegalArgumentException e) {
            throw RpcException.client(e.getMessage());
        }
        long mhlen = req.number(-1, "mhlen");
        boolean pin = req.bool(false, "pin");
        boolean big = req.bool(false, "allow-big-block");
        MultipartReader parts = req.multipart();
        List<Map<String, Object>> out = new ArrayList<>();
        List<Cid> cids = new ArrayList<>();
        try (RpcBackend.Writes writes = backend.beginWrite()) {
            for (MultipartReader.Part part = parts.next(); part != null; part = parts.next()) {
                byte[] data = read(part.body(), big);
                Multihash mh = Multihash.digest(hash, data);
                if (mhlen >= 0 && mhlen != mh.digestLength()) {
                    if (mhlen > mh.digestLength()) {
                        throw RpcException.client("mhlen " + mhlen + " is longer than the digest");
                    }
                    mh = Multihash.of(hash.code(), Arrays.copyOf(mh.digest(), (int) mhlen));
                }
                mh.requireAllowed();
                Cid cid = v0 && hash == HashFunction.SHA2_256 ? Cid.v0(mh) : Cid.v1(codec, mh);
                writes.put(new Block(cid, data));
                cids.add(cid);
                out.add(stat(cid, data.length));
            }
            if (cids.isEmpty()) {
                throw RpcException.client("argument \"data\" is required");
            }
            writes.commit(pin ? cids : List.of(), null);
        }
        try (RpcResponse.Ndjson stream = res.stream()) {
            for (Map<String, Object> o : out) {
                stream.emit(o);
            }
        }
    }

    private static byte[] read(InputStream in, boolean big) throws IOException {
        if (big) {
            return in.readAllBytes();
        }
        byte[] data = in.readNBytes(SOFT_BLOCK_LIMIT + 1);
        if (data.length > SOFT_BLOCK_LIMIT) {
            throw new RpcException("produced block is over 2MiB: big blocks can't be exchanged with other peers. "
                    + "consider using UnixFS for automatic chunking of bigger files, or pass --allow-big-block to "
                    + "override");
        }
        return data;
    }

    /** One {@code {"Hash"}} or {@code {"Hash","Error"}} line per argument; {@code force} skips missing blocks. */
    private void rm(RpcRequest req, RpcResponse res) throws IOException {
        List<Cid> cids = new ArrayList<>();
        for (String a : req.requireArgs("cid")) {
            cids.add(resolve(a));
        }
        boolean force = req.bool(false, "force", "f");
        try (RpcResponse.Ndjson out = res.stream()) {
            for (Cid cid : cids) {
                if (force && backend.blockSize(cid) < 0) {
                    continue;
                }
                Optional<String> kept = backend.removeBlock(cid);
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("Hash", cid.toString());
                kept.ifPresent(reason -> o.put("Error", reason));
                out.emit(o);
            }
        }
    }

    /** A CARv1 of the DAG under the root, depth-first, each block once; the root must be stored. */
    private void export(RpcRequest req, RpcResponse res) throws IOException {
        Cid root = resolve(req.arg("root"));
        if (backend.blockSize(root) < 0 && root.multihash().code() != HashFunction.IDENTITY.code()) {
            throw new BlockNotFoundException(root);
        }
        try (OutputStream body = res.bytes(-1)) {
            // The CAR writer closes what it writes to; the response body is closed here, after it.
            try (CarWriter car = new CarWriter(new FilterOutputStream(body) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                }

                @Override
                public void close() throws IOException {
                    flush();
                }
            }, List.of(root))) {
                DagTraversal.walk(backend.blocks(), root, car::write);
            }
        }
    }

    /**
     * Every block of every CAR part is verified and stored in one write; then the header roots are pinned
     * (unless {@code pin-roots=false}). One {@code {"Root":{"Cid":{"/":..},"PinErrorMsg":""}}} line per root, and
     * {@code {"Stats":{...}}} with {@code stats}.
     */
    private void importCars(RpcRequest req, RpcResponse res) throws IOException {
        boolean pinRoots = req.bool(true, "pin-roots");
        boolean stats = req.bool(false, "stats");
        boolean big = req.bool(false, "allow-big-block");
        CarReader.Options options = big ? CarReader.Options.DEFAULT.withMaxSectionSize(BIG_SECTION_LIMIT)
                : CarReader.Options.DEFAULT;
        MultipartReader parts = req.multipart();
        Set<Cid> roots = new LinkedHashSet<>();
        long count = 0;
        long bytes = 0;
        try (RpcBackend.Writes writes = backend.beginWrite()) {
            for (MultipartReader.Part part = parts.next(); part != null; part = parts.next()) {
                // Errors name the part when it has a file name, as the command line names the file it reads.
                String file = part.fileName() == null ? "" : RpcRequest.unescape(part.fileName(), false);
                String name = file.isEmpty() ? "" : file + ": ";
                Cid previous = null;
                try (CarReader car = CarReader.open(part.body(), options)) {
                    roots.addAll(car.roots());
                    for (Block block = car.next(); block != null; block = car.next()) {
                        if (!big && block.size() > SOFT_BLOCK_LIMIT) {
                            throw new RpcException(name + "import failed at block \"" + block.cid()
                                    + "\": block is over 2MiB: big blocks can't be exchanged with other peers; pass --allow-big-block "
                                    + "to import it anyway");
                        }
                        if (Links.mayHaveLinks(block.cid().codec())) {
                            try {
                                Links.of(block.cid(), block.data());    // a malformed node fails here, not at the pin
                            } catch (IpldFormatException e) {
                                throw new RpcException(name + "import failed at block \"" + block.cid() + "\": "
                                        + e.getMessage());
                            }
                        }
                        writes.put(block);
                        count++;
                        bytes += block.size();
                        previous = block.cid();
                    }
                } catch (CarFormatException e) {
                    String where = previous == null ? "" : " after block \"" + previous + "\"";
                    throw new CarFormatException(name + "import failed" + where + ": " + e.getMessage(), e);
                }
            }
            writes.commit(pinRoots ? new ArrayList<>(roots) : List.of(), null);
        }
        try (RpcResponse.Ndjson out = res.stream()) {
            if (pinRoots) {
                for (Cid root : roots) {
                    Map<String, Object> meta = new LinkedHashMap<>();
                    meta.put("Cid", Map.of("/", root.toString()));
                    meta.put("PinErrorMsg", "");
                    out.emit(Map.of("Root", meta));
                }
            }
            if (stats) {
                Map<String, Object> s = new LinkedHashMap<>();
                s.put("BlockCount", count);
                s.put("BlockBytesCount", bytes);
                out.emit(Map.of("Stats", s));
            }
        }
    }
}

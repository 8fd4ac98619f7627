package io.cairn.node.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.core.block.BlockNotFoundException;
import io.cairn.core.block.BlockSource;
import io.cairn.core.block.Block;
import io.cairn.core.importer.ImportOptions;
import io.cairn.core.multiformats.Cid;
import io.cairn.core.multiformats.Multihash;
import io.cairn.gateway.rpc.RpcBackend;
import io.cairn.gateway.rpc.RpcException;
import io.cairn.storage.repo.ConfigException;
import io.cairn.storage.repo.Repo;
import io.cairn.storage.repo.RepoConfig;
import io.cairn.storage.rocks.AddSession;
import io.cairn.storage.rocks.BlockInUseException;
import io.cairn.storage.rocks.MissingBlockException;
import io.cairn.storage.rocks.Pin;
import io.cairn.storage.rocks.PinMode;
import io.cairn.storage.rocks.PinType;
import io.cairn.storage.rocks.RocksStore;
import io.cairn.storage.rocks.StoreStat;
import java.io.IOException;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The RPC API's view of a node: the repository (identity, config) and its store (blocks, pins, GC), both held open
 * by the daemon. Storage's "missing block" becomes core's {@link BlockNotFoundException}, so the API words it as
 * the command line does; every other storage error keeps its own message.
 */
public final class RepoRpcBackend implements RpcBackend {
    private final Repo repo;
    private final RocksStore store;
    private final String agentVersion;
    private final NodeNetwork network;

    /** A backend for a node without a network: only local blocks. */
    public RepoRpcBackend(Repo repo, RocksStore store, String agentVersion) {
        this(repo, store, agentVersion, null);
    }

    /** A backend whose reads and pins fetch what is missing through {@code network} (null: local only). */
    public RepoRpcBackend(Repo repo, RocksStore store, String agentVersion, NodeNetwork network) {
        this.repo = repo;
        this.store = store;
        this.agentVersion = agentVersion;
        this.network = network;
    }

    @Override
    public BlockSource blocks() {
        return network != null ? network.blockSource() : BlockSource.of(store.blocks());
    }

    @Override
    public Optional<io.cairn.gateway.rpc.NetworkBackend> network() {
        return Optional.ofNullable(network);
    }

    @Override
    public long blockSize(Cid cid) throws IOException {
        return store.blocks().size(cid.multihash());
    }

    @Override
    public Writes beginWrite() {
        AddSession session = store.beginAdd();
        List<Cid> written = network != null ? new java.util.ArrayList<>() : null;
        return new Writes() {
            @Override
            public void put(Block block) throws IOException {
                session.put(block);
                if (written != null) {
                    written.add(block.cid());
                }
            }

            @Override
            public void commit(List<Cid> pinRoots, String pinName) throws IOException {
                try {
                    if (pinRoots.isEmpty()) {
                        session.commit(null, PinMode.NONE, null);
                    } else {
                        session.commit(pinRoots.get(0), PinMode.RECURSIVE, pinName);
                        for (Cid root : pinRoots.subList(1, pinRoots.size())) {
                            store.pins().add(root, PinMode.RECURSIVE, pinName);
                        }
                    }
                } catch (MissingBlockException e) {
                    throw new BlockNotFoundException(e.cid());
                }
                if (network != null) {
                    network.announce(pinRoots, written);
                }
                // As the command line does after an add: collect when the store is past its watermark.
                try (Withdrawals gone = new Withdrawals()) {
                    store.gc().collectIfOverWatermark(gone);
                }
            }

            @Override
            public void close() {
                session.close();
            }
        };
    }

    @Override
    public void pin(Cid root, boolean recursive, String name) throws IOException {
        PinMode mode = recursive ? PinMode.RECURSIVE : PinMode.DIRECT;
        if (network != null) {
            pinFetching(root, mode, name);
            return;
        }
        try {
            store.pins().add(root, mode, name);
        } catch (MissingBlockException e) {
            throw new BlockNotFoundException(e.cid());
        }
    }

    /**
     * Fetches what the pin needs (the whole DAG, or the root for a direct pin) into an add session, whose temporary
     * pin keeps fetched blocks from garbage collection until the pin commits.
     */
    private void pinFetching(Cid root, PinMode mode, String name) throws IOException {
        try (AddSession session = store.beginAdd()) {
            List<Cid> fetched = new java.util.ArrayList<>();
            if (mode == PinMode.RECURSIVE) {
                io.cairn.core.block.BlockSink collecting = block -> {
                    session.put(block);
                    fetched.add(block.cid());
                };
                BlockSource.await(network.fetchDag(root, collecting).thenApply(n -> (Block) null), root);
            } else {
                Block b = BlockSource.await(network.blockSource().get(root), root);
                session.put(b);
                fetched.add(b.cid());
            }
            session.commit(root, mode, name);
            network.announce(List.of(root), fetched);
        } catch (MissingBlockException e) {
            throw new BlockNotFoundException(e.cid());
        }
    }

    @Override
    public void unpin(Cid root, boolean recursive) throws IOException {
        store.pins().remove(root, recursive);
    }

    @Override
    public void updatePin(Cid from, Cid to, boolean unpinFrom) throws IOException {
        try {
            store.pins().update(from, to, unpinFrom);
        } catch (MissingBlockException e) {
            throw new BlockNotFoundException(e.cid());
        }
    }

    @Override
    public Iterator<PinEntry> pins(PinKind kind) {
        Iterator<Pin> pins = store.pins().list(PinType.valueOf(kind.name()));
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return pins.hasNext();
            }

            @Override
            public PinEntry next() {
                return entry(pins.next());
            }
        };
    }

    @Override
    public Optional<PinEntry> pinOf(Cid cid) throws IOException {
        return store.pins().get(cid).map(RepoRpcBackend::entry);
    }

    private static PinEntry entry(Pin p) {
        return new PinEntry(p.cid(), p.type().name().toLowerCase(Locale.ROOT), p.name());
    }

    @Override
    public Optional<String> removeBlock(Cid cid) throws IOException {
        Optional<Pin> pin = store.pins().get(cid);
        if (pin.isPresent() && pin.get().type() == PinType.INDIRECT) {
            // Kubo names the recursive pin that keeps it, as the local path does.
            Cid root = PinSearch.recursiveRootsReaching(store.pins(), BlockSource.of(store.blocks()), List.of(cid))
                    .get(cid.multihash());
            return Optional.of(root != null ? "pinned via " + root : "pinned: indirect");
        }
        if (pin.isPresent()) {
            return Optional.of("pinned: " + pin.get().type().name().toLowerCase(Locale.ROOT));
        }
        if (!store.blocks().has(cid.multihash())) {
            return Optional.of("block not found locally: " + cid);
        }
        try {
            store.blocks().delete(cid.multihash());
        } catch (BlockInUseException e) {
            return Optional.of(e.getMessage());
        }
        if (network != null) {
            network.withdraw(List.of(cid.multihash()));
        }
        return Optional.empty();
    }

    @Override
    public void collectGarbage(Consumer<Multihash> removed) throws IOException {
        try (Withdrawals gone = new Withdrawals()) {
            store.gc().collect(removed.andThen(gone));
        }
    }

    /**
     * Hands deleted blocks to {@link NodeNetwork#withdraw} in bounded batches (a collection may free millions),
     * leaving out any that an add stored again meanwhile (it has announced them since).
     */
    private final class Withdrawals implements Consumer<Multihash>, AutoCloseable {
        private static final int BATCH = 4096;
        private final List<Multihash> pending = new java.util.ArrayList<>();

        @Override
        public void accept(Multihash mh) {
            if (network == null) {
                return;
            }
            pending.add(mh);
            if (pending.size() >= BATCH) {
                close();
            }
        }

        @Override
        public void close() {
            if (pending.isEmpty()) {
                return;
            }
            List<Multihash> gone = new java.util.ArrayList<>(pending.size());
            for (Multihash mh : pending) {
                try {
                    if (!store.blocks().has(mh)) {
                        gone.add(mh);
                    }
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
            pending.clear();
            network.withdraw(gone);
        }
    }

    @Override
    public List<Multihash> verifyBlocks() throws IOException {
        return store.verify();
    }

    @Override
    public RepoStat repoStat() {
        StoreStat s = store.stat();
        return new RepoStat(s.objects(), s.bytes(), s.storageMax(), repo.path().toString(),
                "cairn-repo@" + Repo.VERSION);
    }

    @Override
    public Identity identity() throws IOException {
        return new Identity(repo.peerId().toString(),
                Base64.getEncoder().encodeToString(repo.identity().publicKey().toProtobuf()),
                network != null ? network.addresses() : List.of(), agentVersion,
                network != null ? network.protocols() : List.of());
    }

    @Override
    public String agentVersion() {
        return agentVersion;
    }

    @Override
    public Optional<String> config(String key) {
        try {
            return Optional.of(repo.config().get(key).toString());
        } catch (ConfigException e) {
            throw new RpcException("failed to get config value: " + e.getMessage());
        }
    }

    @Override
    public void setConfig(String key, String json) throws IOException {
        try {
            JsonNode value = RepoConfig.parseValue(json);
            repo.setConfig(key, value);
        } catch (ConfigException e) {
            throw new RpcException("failed to set config value: " + e.getMessage());
        }
    }

    @Override
    public String configJson() {
        return repo.config().toJson();
    }

    /** The config as it is now: a value set through the API applies to the next add. */
    @Override
    public void applyImportDefaults(ImportOptions.Builder b) {
        try {
            ImportDefaults.apply(b, repo.config().importConfig());
        } catch (ImportDefaults.InvalidImportConfigException e) {
            throw new RpcException(e.getMessage());
        }
    }
}

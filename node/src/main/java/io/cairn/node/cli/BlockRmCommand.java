package io.cairn.node.cli;

import io.cairn.core.multiformats.Cid;
import io.cairn.core.multiformats.Multihash;
import io.cairn.node.rpc.PinSearch;
import io.cairn.storage.rocks.BlockInUseException;
import io.cairn.storage.rocks.Pin;
import io.cairn.storage.rocks.PinType;
import io.cairn.storage.rocks.Pinner;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code cairn block rm}: deletes blocks no pin keeps, as Kubo's {@code ipfs block rm} (kubo
 * {@code blocks/blockstoreutil/remove.go}): {@code removed <cid>} on stdout per deleted block; for each one that is
 * kept, {@code cannot remove <cid>: pinned: recursive} (or {@code pinned: direct}, {@code pinned via <root>}) or
 * {@code cannot remove <cid>: block not found locally: <cid>} on stderr, and then the command fails with
 * {@code some blocks not removed}. Beyond Kubo's by-CID check, the store refuses to delete a block that any pin
 * keeps under another CID of the same multihash.
 */
@Command(name = "rm", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Remove blocks from the local datastore (Kubo's `ipfs block rm`).")
final class BlockRmCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    RepoOption repoOption;

    @Parameters(paramLabel = "CID", arity = "1..*", description = "CIDs of the blocks to remove.")
    List<String> cids = new ArrayList<>();

    @Option(names = {"-f", "--force"}, description = "Ignore nonexistent blocks.")
    boolean force;

    @Option(names = {"-q", "--quiet"}, description = "Write minimal output.")
    boolean quiet;

    @Override
    public Integer call() throws IOException {
        List<Cid> targets = new ArrayList<>();
        for (String c : cids) {
            targets.add(ContentPath.parseCid(c));
        }
        Invocation io = CairnCommand.invocation(spec);
        var api = DaemonApi.find(repoOption);
        if (api.isPresent()) {
            return RemoteCommands.blockRm(this, api.get(), io);
        }
        PrintWriter out = io.out();
        PrintWriter err = io.err();
        boolean someFailed = false;
        try (RepoHandle repo = RepoHandle.open(io, repoOption)) {
            Pinner pins = repo.store().pins();
            Map<Cid, String> kept = new LinkedHashMap<>();
            List<Cid> indirect = new ArrayList<>();
            for (Cid cid : targets) {
                Optional<Pin> pin = pins.get(cid);
                if (pin.isPresent() && pin.get().type() == PinType.INDIRECT) {
                    indirect.add(cid);
                } else if (pin.isPresent()) {
                    kept.put(cid, "pinned: " + pin.get().type().name().toLowerCase(java.util.Locale.ROOT));
                }
            }
            if (!indirect.isEmpty()) {
                Map<Multihash, Cid> via = PinSearch.recursiveRootsReaching(pins, repo.source(), indirect);
                for (Cid cid : indirect) {
                    Cid root = via.get(cid.multihash());
                    kept.put(cid, root != null ? "pinned via " + root : "pinned: indirect");
                }
            }
            for (Cid cid : targets) {
                String problem = kept.get(cid);
                if (problem == null && !repo.blockStore().has(cid.multihash())) {
                    if (force) {
                        continue;
                    }
                    problem = "block not found locally: " + cid;
                }
                if (problem == null) {
                    try {
                        repo.blockStore().delete(cid.multihash());
                    } catch (BlockInUseException e) {
                        problem = e.getMessage();
                    }
                }
                if (problem != null) {
                    someFailed = true;
                    out.flush();
                    err.println("cannot remove " + cid + ": " + problem);
                    err.flush();
                } else if (!quiet) {
                    out.println("removed " + cid);
                }
            }
        }
        out.flush();
        if (someFailed) {
            throw new UserException("some blocks not removed");
        }
        return CairnMain.EXIT_OK;
    }
}

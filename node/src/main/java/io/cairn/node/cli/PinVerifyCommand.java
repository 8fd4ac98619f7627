package io.cairn.node.cli;

import io.cairn.core.FormatException;
import io.cairn.core.block.Block;
import io.cairn.core.block.BlockNotFoundException;
import io.cairn.core.block.BlockStore;
import io.cairn.core.ipld.Links;
import io.cairn.core.multiformats.Cid;
import io.cairn.storage.rocks.Pin;
import io.cairn.storage.rocks.PinType;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cairn pin verify}: checks that every recursive pin's DAG is complete, printing Kubo's report
 * ({@code core/commands/pin/pin.go} {@code pinVerify}): a broken pin as {@code <cid> broken} followed by
 * {@code   <bad cid>: <error>} for each block that is missing or cannot be decoded; with {@code --verbose} also
 * {@code <cid> ok}; with {@code -q} only the broken pins' CIDs. A block's status is computed once and shared by
 * every pin that reaches it. Unlike Kubo, which exits 0 either way, broken pins make the exit code 1, so scripts
 * can test it.
 */
@Command(name = "verify", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Verify that recursive pins are complete (Kubo's `ipfs pin verify`).")
final class PinVerifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    RepoOption repoOption;

    @Option(names = "--verbose", description = "Also write the hashes of non-broken pins.")
    boolean verbose;

    @Option(names = {"-q", "--quiet"}, description = "Write just hashes of broken pins.")
    boolean quiet;

    /** A block and the bad blocks below it (itself included); {@code bad} is empty when the subtree is whole. */
    private record Status(List<String> bad) {
        boolean ok() {
            return bad.isEmpty();
        }
    }

    /** A block whose links are being checked. */
    private static final class Frame {
        final Cid cid;
        final List<Cid> links;
        int next;

        Frame(Cid cid, List<Cid> links) {
            this.cid = cid;
            this.links = links;
        }
    }

    @Override
    public Integer call() throws IOException {
        if (verbose && quiet) {
            throw new UserException("the --verbose and --quiet options can not be used at the same time");
        }
        Invocation io = CairnCommand.invocation(spec);
        PrintWriter out = io.out();
        int broken = 0;
        int total = 0;
        try (RepoHandle repo = RepoHandle.openReadOnly(io, repoOption)) {
            Map<Cid, Status> memo = new HashMap<>();
            for (Iterator<Pin> it = repo.store().pins().list(PinType.RECURSIVE); it.hasNext(); ) {
                Cid root = it.next().cid();
                Status status = check(repo.blockStore(), root, memo);
                total++;
                if (!status.ok()) {
                    broken++;
                    if (quiet) {
                        out.println(root);
                    } else {
                        out.println(root + " broken");
                        status.bad().forEach(line -> out.println("  " + line));
                    }
                } else if (verbose) {
                    out.println(root + " ok");
                }
            }
        }
        out.flush();
        if (broken > 0) {
            throw new UserException(broken + " of " + total + " recursive pins are broken");
        }
        return CairnMain.EXIT_OK;
    }

    /** Post-order over the DAG with an explicit stack: a block is whole when it is readable and its links are. */
    private static Status check(BlockStore blocks, Cid root, Map<Cid, Status> memo) throws IOException {
        Deque<Frame> stack = new ArrayDeque<>();
        if (!enter(blocks, root, memo, stack)) {
            return memo.get(root);
        }
        while (!stack.isEmpty()) {
            Frame f = stack.peek();
            if (f.next < f.links.size()) {
                Cid child = f.links.get(f.next++);
                if (!memo.containsKey(child)) {
                    enter(blocks, child, memo, stack);
                }
                continue;
            }
            stack.pop();
            List<String> bad = new ArrayList<>();
            for (Cid child : f.links) {
                bad.addAll(memo.get(child).bad());
            }
            memo.put(f.cid, new Status(bad));
        }
        return memo.get(root);
    }

    /** Reads {@code cid}'s links and pushes it, or records why it is bad; false when nothing was pushed. */
    private static boolean enter(BlockStore blocks, Cid cid, Map<Cid, Status> memo, Deque<Frame> stack)
            throws IOException {
        if (memo.containsKey(cid)) {
            return false;
        }
        try {
            cid.multihash().requireAllowed();
            Optional<Block> block = blocks.get(cid);
            if (block.isEmpty()) {
                throw new BlockNotFoundException(cid);
            }
            List<Cid> links = new ArrayList<>();
            if (Links.mayHaveLinks(cid.codec())) {
                links.addAll(Links.of(cid, block.get().data()));
            }
            stack.push(new Frame(cid, links));
            return true;
        } catch (BlockNotFoundException e) {
            memo.put(cid, new Status(List.of(cid + ": block not found locally")));
        } catch (FormatException e) {
            memo.put(cid, new Status(List.of(cid + ": " + e.getMessage())));
        }
        return false;
    }
}

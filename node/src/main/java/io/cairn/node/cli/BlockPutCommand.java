package io.cairn.node.cli;

import io.cairn.core.block.Block;
import io.cairn.core.multiformats.Cid;
import io.cairn.core.multiformats.HashFunction;
import io.cairn.core.multiformats.Multicodec;
import io.cairn.core.multiformats.Multihash;
import io.cairn.storage.rocks.AddSession;
import io.cairn.storage.rocks.PinMode;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code cairn block put}: stores each file (or stdin) as one block and prints its CID, CIDv1 with Kubo's default
 * codec {@code raw} and sha2-256 ({@code core/commands/block.go}). The codec only names the bytes: nothing is
 * parsed or validated. A block over 2 MiB is refused unless {@code --allow-big-block}; all blocks of one call are
 * written in one add session and are durable when their CIDs are printed.
 */
@Command(name = "put", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Store input as a block and print its CID (Kubo's `ipfs block put`).",
                "Reads standard input when no FILE is given."})
final class BlockPutCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    RepoOption repoOption;

    @Parameters(paramLabel = "FILE", arity = "0..*", description = "Files to store, one block each.")
    List<Path> files = new ArrayList<>();

    @Option(names = "--cid-codec", paramLabel = "CODEC", defaultValue = "raw",
            description = "Multicodec to use in the returned CID (raw, dag-pb, dag-cbor, ...). Default: raw.")
    String cidCodec;

    @Option(names = "--mhtype", paramLabel = "NAME",
            description = "Multihash hash function: sha2-256, sha2-512, blake3, identity. Default: sha2-256.")
    String mhtype;

    @Option(names = "--mhlen", paramLabel = "N", defaultValue = "-1",
            description = "Multihash hash length, to truncate the digest. Default: the function's own.")
    int mhlen;

    @Option(names = "--pin", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
            description = "Pin added blocks recursively. Default: false.")
    boolean pin;

    @Option(names = "--allow-big-block", description = "Allow blocks bigger than 2MiB (Bitswap cannot move them).")
    boolean allowBigBlock;

    @Override
    public Integer call() throws IOException {
        Multicodec codec;
        try {
            codec = Multicodec.forName(cidCodec);
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage());
        }
        HashFunction hash;
        try {
            hash = HashFunction.forName(mhtype == null ? "sha2-256" : mhtype);
        } catch (IllegalArgumentException e) {
            throw new UserException("unrecognized multihash function: " + mhtype);
        }
        for (Path f : files) {
            if (!Files.isRegularFile(f)) {
                throw new UserException(Files.isDirectory(f) ? f + " is a directory, not a file"
                        : "no such file: " + f);
            }
        }
        var api = DaemonApi.find(repoOption);
        if (api.isPresent()) {
            return RemoteCommands.blockPut(this, api.get(), CairnCommand.invocation(spec));
        }
        Invocation io = CairnCommand.invocation(spec);
        List<Cid> cids = new ArrayList<>();
        try (RepoHandle repo = RepoHandle.open(io, repoOption); AddSession session = repo.store().beginAdd()) {
            if (files.isEmpty()) {
                cids.add(put(session, read(io.stdin().get()), codec, hash));
            } else {
                for (Path f : files) {
                    try (InputStream in = Files.newInputStream(f)) {
                        cids.add(put(session, read(in), codec, hash));
                    }
                }
            }
            repo.commit(session, pin ? cids : List.of(), PinMode.RECURSIVE, null);
        }
        PrintWriter out = io.out();
        cids.forEach(out::println);
        out.flush();
        return CairnMain.EXIT_OK;
    }

    private Cid put(AddSession session, byte[] data, Multicodec codec, HashFunction hash) throws IOException {
        Multihash mh = Multihash.digest(hash, data);
        if (mhlen >= 0 && mhlen != mh.digestLength()) {
            if (mhlen > mh.digestLength()) {
                throw new UserException("--mhlen " + mhlen + " is longer than " + hash.hashName() + "'s "
                        + mh.digestLength() + "-byte digest");
            }
            mh = Multihash.of(hash.code(), Arrays.copyOf(mh.digest(), mhlen)).requireAllowed();
        }
        mh.requireAllowed();
        Cid cid = Cid.v1(codec, mh);
        session.put(new Block(cid, data));
        return cid;
    }

    /** The whole input, refusing more than Kubo's 2 MiB without reading past it. */
    private byte[] read(InputStream in) throws IOException {
        if (allowBigBlock) {
            return in.readAllBytes();
        }
        byte[] data = in.readNBytes(DagImportCommand.SOFT_BLOCK_LIMIT + 1);
        if (data.length > DagImportCommand.SOFT_BLOCK_LIMIT) {
            throw new UserException("produced block is over 2MiB: big blocks can't be exchanged with other peers. "
                    + "consider using UnixFS for automatic chunking of bigger files, or pass --allow-big-block to "
                    + "override");
        }
        return data;
    }
}

package io.cairn.node.cli;

import io.cairn.core.multiformats.Cid;
import io.cairn.core.reader.UnixFsNode;
import io.cairn.core.reader.UnixFsReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code cairn cat}: the bytes of one or more files, concatenated, as Kubo's {@code ipfs cat}. The offset and length
 * apply to the concatenation: an offset past a whole file skips it. Streams block by block, so memory stays flat
 * whatever the file size; blocks are read ahead on worker threads ({@link RepoHandle#streamingReader()}).
 */
@Command(name = "cat", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Show IPFS object data: the bytes of the files at the given paths (Kubo's `ipfs cat`).")
final class CatCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    RepoOption repoOption;

    @Parameters(paramLabel = "PATH", arity = "1..*", description = "CID[/path], /ipfs/CID[/path] or ipfs://CID.")
    List<String> paths = new ArrayList<>();

    @Option(names = {"-o", "--offset"}, paramLabel = "N", description = "Byte offset to begin reading from.")
    long offset;

    @Option(names = {"-l", "--length"}, paramLabel = "N", description = "Maximum number of bytes to read.")
    Long length;

    @Override
    public Integer call() throws IOException {
        if (offset < 0) {
            throw new UserException("cannot specify negative offset");
        }
        if (length != null && length < 0) {
            throw new UserException("cannot specify negative length");
        }
        List<ContentPath> parsed = new ArrayList<>();
        for (String p : paths) {
            parsed.add(ContentPath.parse(p));
        }
        if (length != null && length == 0) {
            return CairnMain.EXIT_OK;
        }
        var api = DaemonApi.find(repoOption);
        if (api.isPresent()) {
            return RemoteCommands.cat(this, api.get(), CairnCommand.invocation(spec));
        }
        Invocation io = CairnCommand.invocation(spec);
        try (RepoHandle repo = RepoHandle.openReadOnly(io, repoOption)) {
            UnixFsReader reader = repo.streamingReader();
            OutputStream out = io.stdout();
            long skip = offset;
            long left = length == null ? Long.MAX_VALUE : length;
            for (ContentPath p : parsed) {
                Cid cid = p.resolve(reader);
                UnixFsNode node = reader.load(cid);
                if (node.isDirectory()) {
                    throw new UserException("this dag node is a directory");
                }
                if (!node.isFile()) {
                    throw new UserException(p.text() + " is a " + node.type().name().toLowerCase()
                            + ", which cat cannot read");
                }
                long size = node.fileSize();
                if (skip > size) {
                    skip -= size;
                    continue;
                }
                try (InputStream in = reader.open(cid, skip, left)) {
                    skip = 0;
                    left -= in.transferTo(out);
                }
                if (left == 0) {
                    break;
                }
            }
            out.flush();
        }
        return CairnMain.EXIT_OK;
    }
}

package io.cairn.node.cli;

import io.cairn.core.block.BlockSink;
import io.cairn.core.importer.FileLink;
import io.cairn.core.importer.ImportOptions;
import io.cairn.core.importer.ImportProfile;
import io.cairn.core.importer.Layout;
import io.cairn.core.importer.UnixFsImporter;
import io.cairn.core.multiformats.HashFunction;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code cairn add}: Kubo's {@code ipfs add} flags and output lines ({@code added <cid> <name>}). Until the
 * repository exists (issue "Storage") only {@code --only-hash} is available.
 */
@Command(name = "add", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Add a file or directory and print its CID (Kubo's `ipfs add`).",
                "With no PATH, reads standard input."})
final class AddCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "PATH", arity = "0..*", description = "Files or directories to add.")
    List<Path> paths = new ArrayList<>();

    @Option(names = {"-r", "--recursive"}, description = "Add directories recursively.")
    boolean recursive;

    @Option(names = {"-n", "--only-hash"}, description = "Only chunk and hash; write nothing to disk.")
    boolean onlyHash;

    @Option(names = {"-q", "--quiet"}, description = "Write only CIDs, one per line.")
    boolean quiet;

    @Option(names = {"-Q", "--quieter"}, description = "Write only the final CID.")
    boolean quieter;

    @Option(names = "--cid-version", paramLabel = "0|1",
            description = "CID version. 1 turns raw leaves on. Default: 0 (or the profile's).")
    Integer cidVersion;

    @Option(names = "--raw-leaves", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
            description = "Use raw blocks for leaves. Default: false for CIDv0, true for CIDv1.")
    Boolean rawLeaves;

    @Option(names = {"-s", "--chunker"}, paramLabel = "SPEC",
            description = "size-N, rabin, rabin-AVG, rabin-MIN-AVG-MAX or buzhash. Default: size-262144.")
    String chunker;

    @Option(names = {"-t", "--trickle"}, description = "Use the trickle DAG layout.")
    boolean trickle;

    @Option(names = {"-w", "--wrap-with-directory"}, description = "Wrap the added paths in a directory.")
    boolean wrap;

    @Option(names = "--hash", paramLabel = "NAME",
            description = "Hash function: sha2-256, sha2-512, blake3. Not sha2-256 implies CIDv1.")
    String hash;

    @Option(names = "--profile", paramLabel = "NAME", description = "IPIP-499 profile: unixfs-v0-2015, unixfs-v1-2025.")
    String profile;

    @Option(names = "--max-file-links", paramLabel = "N", description = "Most links in one file node. Default: 174.")
    Integer maxFileLinks;

    @Option(names = {"-H", "--hidden"}, description = "Include files whose names start with a dot.")
    boolean hidden;

    @Option(names = {"-E", "--empty-dirs"}, arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
            description = "Include empty directories. Default: true.")
    boolean emptyDirs = true;

    @Override
    public Integer call() throws IOException {
        if (!onlyHash) {
            throw new UserException("storing blocks needs a repository, which Cairn does not have yet; "
                    + "use --only-hash (-n) to compute CIDs");
        }
        checkPaths();
        ImportOptions options = options();
        PrintWriter out = spec.commandLine().getOut();
        List<String> lines = new ArrayList<>();
        UnixFsImporter importer = new UnixFsImporter(options, BlockSink.DISCARD, (name, link) -> {
            String line = quiet || quieter ? link.cid().toString() : "added " + link.cid() + " " + name;
            if (quieter) {
                lines.clear();
                lines.add(line);
            } else {
                out.println(line);
            }
        });
        if (paths.isEmpty()) {
            InputStream in = System.in;
            FileLink link = importer.addStream(in);
            if (link == null) {
                throw new UserException("nothing was added");
            }
        } else {
            importer.addPaths(paths);
        }
        lines.forEach(out::println);
        out.flush();
        return CairnMain.EXIT_OK;
    }

    /**
     * What Kubo's command line checks while it parses, before any option is looked at and anything is added: every
     * path exists (a symlink is an argument of its own, never followed), and a directory needs {@code -r}.
     */
    private void checkPaths() throws IOException {
        for (Path p : paths) {
            BasicFileAttributes attributes = Files.readAttributes(p, BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            if (attributes.isDirectory() && !recursive) {
                throw new UserException("'" + p + "' is a directory, use the '-r' flag to specify directories");
            }
        }
    }

    private ImportOptions options() {
        ImportOptions.Builder b = ImportOptions.builder();
        if (profile != null) {
            b.profile(ImportProfile.forName(profile));
        }
        if (cidVersion != null) {
            b.cidVersion(cidVersion);
        }
        if (hash != null) {
            try {
                b.hash(HashFunction.forName(hash));
            } catch (IllegalArgumentException e) {
                throw new UserException(e.getMessage());
            }
        }
        if (rawLeaves != null) {
            b.rawLeaves(rawLeaves);
        }
        if (chunker != null) {
            b.chunker(chunker);
        }
        if (maxFileLinks != null) {
            b.maxLinks(maxFileLinks);
        }
        return b.layout(trickle ? Layout.TRICKLE : Layout.BALANCED)
                .wrapWithDirectory(wrap)
                .includeHidden(hidden)
                .includeEmptyDirs(emptyDirs)
                .build();
    }
}

package io.cairn.node.cli;

import io.cairn.core.block.BlockSink;
import io.cairn.core.importer.FileLink;
import io.cairn.core.importer.ImportOptions;
import io.cairn.core.importer.ImportProfile;
import io.cairn.core.importer.Layout;
import io.cairn.core.importer.UnixFsImporter;
import io.cairn.core.multiformats.Cid;
import io.cairn.core.multiformats.HashFunction;
import io.cairn.node.rpc.ImportDefaults;
import io.cairn.storage.repo.ImportConfig;
import io.cairn.storage.repo.Repo;
import io.cairn.storage.rocks.AddSession;
import io.cairn.storage.rocks.PinMode;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code cairn add}: Kubo's {@code ipfs add} flags and output lines ({@code added <cid> <name>}). The blocks go into
 * the repository through one {@link AddSession}, and each argument's root (or, with {@code -w}, the wrapping
 * directory) is pinned recursively unless {@code --pin=false}, as Kubo pins them; the session is committed (durable)
 * before the command succeeds. {@code --only-hash} computes the CIDs without touching any repository.
 */
@Command(name = "add", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Add a file or directory and print its CID (Kubo's `ipfs add`).",
                "With no PATH, reads standard input."})
final class AddCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    RepoOption repoOption;

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

    @Option(names = "--pin", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
            description = "Pin locally to protect added files from garbage collection. Default: true.")
    boolean pin = true;

    @Option(names = "--pin-name", paramLabel = "NAME", description = "Name to use for the pin.")
    String pinName;

    @Option(names = "--silent", description = "Write no output.")
    boolean silent;

    @Option(names = {"-p", "--progress"}, arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
            description = "Draw a progress bar on stderr. Default: when stderr is a terminal and not -q/-Q.")
    Boolean progress;

    /** {@code -Q}'s one line, printed once the add is durable. */
    private final List<String> pendingQuieter = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        if (pinName != null && !pin) {
            throw new UserException("pin-name option requires pin to be set");
        }
        PinCommand.checkName(pinName);
        checkPaths();
        Invocation io = CairnCommand.invocation(spec);
        if (onlyHash) {
            // Kubo: --only-hash stores nothing, so there is nothing to pin, and no repository is needed; one that
            // exists still gives its Import defaults.
            importAll(io, options(existingImportConfig()), BlockSink.DISCARD, false);
            return CairnMain.EXIT_OK;
        }
        options(null); // a bad flag is refused before any repository is opened or created
        var api = DaemonApi.find(repoOption);
        if (api.isPresent()) {
            return RemoteCommands.add(this, api.get(), CairnCommand.invocation(spec));
        }
        try (RepoHandle repo = RepoHandle.open(io, repoOption); AddSession session = repo.store().beginAdd()) {
            ImportOptions options = options(repo.config().importConfig());
            Set<Cid> roots = importAll(io, options, session, true);
            repo.commit(session, pin ? new ArrayList<>(roots) : List.of(), PinMode.RECURSIVE, pinName);
        }
        // -Q prints after the commit: the CID it names is durable when it is printed.
        pendingQuieter.forEach(io.out()::println);
        io.out().flush();
        return CairnMain.EXIT_OK;
    }

    /**
     * Imports every argument into {@code sink}, printing Kubo's lines as items complete ({@code -Q}'s waits for the
     * commit when {@code stored}). Returns the roots an add pins, as Kubo pins them: each argument's root, or the
     * wrapping directory.
     */
    private Set<Cid> importAll(Invocation io, ImportOptions options, BlockSink sink, boolean stored)
            throws IOException {
        PrintWriter out = io.out();
        Set<Cid> roots = new LinkedHashSet<>();
        ProgressBar bar = io.interactive() && !quiet && !quieter && !silent && !Boolean.FALSE.equals(progress)
                ? new ProgressBar(io.err(), paths.isEmpty() ? -1 : inputSize()) : null;
        BlockSink target = bar == null ? sink : bar.counting(sink);
        UnixFsImporter importer = new UnixFsImporter(options, target, (name, link) -> {
            if (options.wrapWithDirectory() ? name.isEmpty() : name.indexOf('/') < 0) {
                roots.add(link.cid());
            }
            if (silent) {
                return;
            }
            String line = quiet || quieter ? link.cid().toString() : "added " + link.cid() + " " + name;
            if (quieter) {
                pendingQuieter.clear();
                pendingQuieter.add(line);
            } else if (bar != null) {
                bar.println(out, line);
            } else {
                out.println(line);
            }
        });
        try {
            if (paths.isEmpty()) {
                InputStream in = io.stdin().get();
                FileLink link = importer.addStream(in);
                if (link == null) {
                    throw new UserException("nothing was added");
                }
            } else {
                importer.addPaths(paths);
            }
        } finally {
            if (bar != null) {
                bar.finish();
            }
        }
        if (!stored) {
            pendingQuieter.forEach(out::println);
        }
        out.flush();
        return roots;
    }

    /** Bytes of the regular files under the arguments, for the progress bar's total. */
    private long inputSize() throws IOException {
        long[] total = {0};
        for (Path p : paths) {
            Files.walkFileTree(p, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile()) {
                        total[0] += attrs.size();
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    // The import itself reports unreadable files; the bar only loses their size.
                    return FileVisitResult.CONTINUE;
                }
            });
        }
        return total[0];
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

    /** The config's Import section if a repository exists here (without creating one), else null. */
    private ImportConfig existingImportConfig() throws IOException {
        Path dir = repoOption.path();
        if (!Repo.isInitialized(dir)) {
            return null;
        }
        try (Repo repo = Repo.openReadOnly(dir)) {
            return repo.config().importConfig();
        }
    }

    /**
     * The import settings, as Kubo's add decides them: a flag given on the command line, else (with no
     * {@code --profile}, which sets every CID-changing value itself) the config's {@code Import.*} value, else
     * the built-in default.
     */
    private ImportOptions options(ImportConfig config) {
        ImportOptions.Builder b = ImportOptions.builder();
        Layout layout = trickle ? Layout.TRICKLE : Layout.BALANCED;
        if (profile != null) {
            b.profile(ImportProfile.forName(profile));
        } else if (config != null) {
            layout = trickle ? Layout.TRICKLE : applyConfig(b, config);
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
        return b.layout(layout)
                .wrapWithDirectory(wrap)
                .includeHidden(hidden)
                .includeEmptyDirs(emptyDirs)
                .build();
    }

    private static Layout applyConfig(ImportOptions.Builder b, ImportConfig c) {
        try {
            return ImportDefaults.apply(b, c);
        } catch (ImportDefaults.InvalidImportConfigException e) {
            throw new UserException(e.getMessage());
        }
    }
}

package io.cairn.node.cli;

import io.cairn.storage.repo.Repo;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code --repo-dir}, for every command that uses the repository, and the one policy for finding it: the option,
 * else {@code $CAIRN_PATH}, else {@code ~/.cairn}. A command that needs a repository and finds none creates one and
 * says so on stderr (docs/storage-design.md), so a first command on a fresh machine just works.
 */
final class RepoOption {
    @Option(names = "--repo-dir", paramLabel = "DIR",
            description = "Repository directory. Default: $CAIRN_PATH, else ~/.cairn.")
    Path repoDir;

    /** The command this option is mixed into, whose run's environment holds {@code CAIRN_PATH}. */
    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    /** The repository directory this invocation names. */
    Path path() {
        if (repoDir != null) {
            return repoDir.toAbsolutePath().normalize();
        }
        Map<String, String> env = mixee == null ? System.getenv() : CairnCommand.invocation(mixee).env();
        return Repo.resolvePath(env, System.getProperty("user.home"));
    }

    /** Opens the repository for writing (holding its lock), creating it if there is none. */
    Repo openForWriting(PrintWriter err) throws IOException {
        Repo repo = Repo.openOrInit(path());
        noteIfCreated(repo, err);
        return repo;
    }

    /**
     * Opens the repository for reading, without its lock so it works while a node runs; creates it first if there
     * is none.
     */
    Repo openForReading(PrintWriter err) throws IOException {
        Path dir = path();
        if (Repo.isInitialized(dir)) {
            return Repo.openReadOnly(dir);
        }
        Repo repo = Repo.openOrInit(dir);
        noteIfCreated(repo, err);
        return repo;
    }

    static void noteIfCreated(Repo repo, PrintWriter err) {
        if (repo.created()) {
            err.println("initialized a new repository at " + repo.path() + " (peer identity " + repo.peerId() + ")");
            err.flush();
        }
    }
}

package io.cairn.storage.repo;

import java.nio.file.Path;

/** No repository at a path that was opened (no {@code config} file there). */
public final class RepoNotFoundException extends RepoException {
    private static final long serialVersionUID = 1L;

    public RepoNotFoundException(Path dir) {
        super("no Cairn repository found at " + dir + " (run 'cairn init')");
    }
}

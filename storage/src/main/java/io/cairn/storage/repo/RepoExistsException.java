package io.cairn.storage.repo;

import java.nio.file.Path;

/** {@link Repo#init} found a repository already there; reinitializing would replace the node's key. */
public final class RepoExistsException extends RepoException {
    private static final long serialVersionUID = 1L;

    public RepoExistsException(Path dir) {
        super("a Cairn repository already exists at " + dir + "; reinitializing would overwrite its key");
    }
}

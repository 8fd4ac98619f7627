package io.cairn.storage.repo;

/** The repository's {@code version} file names a format this Cairn cannot open, or is unreadable. */
public final class RepoVersionException extends RepoException {
    private static final long serialVersionUID = 1L;

    public RepoVersionException(String message) {
        super(message);
    }
}

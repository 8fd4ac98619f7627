package io.cairn.storage.repo;

import java.io.IOException;

/**
 * A repository that cannot be used as asked: missing, already there, locked, of another format version, or with a
 * corrupt or unsafe file. An {@link IOException}, so front ends report it like other file problems: one line, exit
 * code 1.
 */
public class RepoException extends IOException {
    private static final long serialVersionUID = 1L;

    public RepoException(String message) {
        super(message);
    }

    public RepoException(String message, Throwable cause) {
        super(message, cause);
    }
}

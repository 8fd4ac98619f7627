package io.cairn.storage.repo;

import java.nio.file.Path;
import java.util.OptionalLong;

/** Another process (or another {@link Repo} in this one) has the repository open for writing. */
public final class RepoLockedException extends RepoException {
    private static final long serialVersionUID = 1L;

    private final long pid;

    RepoLockedException(Path dir, OptionalLong holder, boolean thisProcess) {
        super("repository " + dir + " is in use by " + (thisProcess ? "this process" : "another process")
                + (holder.isPresent() ? " (pid " + holder.getAsLong() + ")" : ""));
        this.pid = holder.orElse(-1);
    }

    /** The process ID the holder wrote into {@code repo.lock}, if it could be read. */
    public OptionalLong holderPid() {
        return pid < 0 ? OptionalLong.empty() : OptionalLong.of(pid);
    }
}

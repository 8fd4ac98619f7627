/**
 * The {@code cairn} command line (picocli): Kubo's offline commands ({@code add}, {@code cat}, {@code get},
 * {@code ls}, {@code pin}, {@code repo}, {@code dag}, {@code block}, {@code init}, {@code config}) over the
 * repository in {@code io.cairn.storage}. Output to stdout is the command's result, in Kubo's formats; problems go
 * to stderr as one line. Exit codes are decided in one place, {@link io.cairn.node.cli.CairnMain}: 0 success,
 * 1 a user error (bad flag, bad input, missing file or block, a repository in use, a full or read-only disk),
 * 2 an internal failure.
 *
 * <p>Each run has an {@link io.cairn.node.cli.Invocation} (stdout as bytes, stdin, environment) that commands reach
 * through the root command, so a test or an embedder can run commands in-process against any repository. A command
 * that needs the repository opens it through {@code RepoHandle} (the files' lock, then the block database) for its
 * own duration; writes go through one {@code AddSession} per command, committed before success is reported.
 */
package io.cairn.node.cli;

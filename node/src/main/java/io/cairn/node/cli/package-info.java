/**
 * The {@code cairn} command line (picocli). Output to stdout is the command's result, in Kubo's formats;
 * problems go to stderr as one line. Exit codes are decided in one place, {@link io.cairn.node.cli.CairnMain}:
 * 0 success, 1 a user error (bad flag, bad input, missing file), 2 an internal failure.
 */
package io.cairn.node.cli;

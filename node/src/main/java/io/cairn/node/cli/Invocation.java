package io.cairn.node.cli;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What one run of the command line talks to besides its arguments: the byte stream behind stdout (for {@code cat},
 * {@code block get}, {@code dag export}), the text writers over stdout and stderr, stdin, the environment (where
 * {@code CAIRN_PATH} is read) and whether a person is watching (progress bars).
 *
 * <p>{@code stdout} and {@code out} are the same destination: a command writes bytes or text, never both, and
 * flushes what it wrote before returning. {@code stdin} is a supplier so that a test's {@code System.setIn} is seen.
 */
record Invocation(OutputStream stdout, PrintWriter out, PrintWriter err, Supplier<InputStream> stdin,
        Map<String, String> env, boolean interactive) {

    /** Where {@code CAIRN_PATH} and {@code HOME}-like settings come from. */
    String env(String name) {
        return env.get(name);
    }
}

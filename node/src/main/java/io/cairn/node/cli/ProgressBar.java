package io.cairn.node.cli;

import io.cairn.core.block.Block;
import io.cairn.core.block.BlockSink;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * A one-line progress bar on stderr for {@code cairn add}, drawn only when a person is watching. Progress is
 * measured in the bytes of the blocks stored, which exceed the input by the DAG's node overhead (well under 1% with
 * the default chunker); the count is capped at the total, and the bar is cleared when the add is done. Redraws at
 * most every 100 ms. Lines printed to stdout meanwhile go through {@link #println}, which clears the bar first so
 * that the two streams do not garble each other on one terminal.
 */
final class ProgressBar {
    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintWriter err;
    private final long total;
    private long done;
    private long lastDraw;
    private boolean drawn;

    /** {@code total} is the input size in bytes, or -1 when unknown (standard input). */
    ProgressBar(PrintWriter err, long total) {
        this.err = err;
        this.total = total;
    }

    /** A sink that counts what it passes on to {@code sink}. */
    BlockSink counting(BlockSink sink) {
        return block -> {
            sink.put(block);
            advance(block);
        };
    }

    private void advance(Block block) {
        done += block.size();
        if (total >= 0) {
            done = Math.min(done, total);
        }
        long now = System.nanoTime();
        if (!drawn || now - lastDraw >= REDRAW_NANOS) {
            draw();
            lastDraw = now;
        }
    }

    /** Prints a line to {@code out} under the bar. */
    void println(PrintWriter out, String line) {
        clear();
        out.println(line);
        out.flush();
    }

    /** Clears the bar for good. */
    void finish() {
        clear();
    }

    private void clear() {
        if (drawn) {
            err.print("\r\033[2K");
            err.flush();
            drawn = false;
        }
    }

    private void draw() {
        StringBuilder sb = new StringBuilder("\r\033[2K").append(iec(done));
        if (total > 0) {
            int filled = (int) (WIDTH * done / total);
            sb.append(" / ").append(iec(total)).append(" [")
                    .append("=".repeat(filled)).append(filled < WIDTH ? ">" : "")
                    .append("-".repeat(Math.max(0, WIDTH - filled - 1))).append("] ")
                    .append(String.format(Locale.ROOT, "%.2f%%", 100.0 * done / total));
        }
        err.print(sb);
        err.flush();
        drawn = true;
    }

    /** Sizes as the pb progress bars Kubo uses print them: binary units, two decimals. */
    static String iec(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.2f %s", value, units[unit]);
    }
}

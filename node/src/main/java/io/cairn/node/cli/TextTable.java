package io.cairn.node.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Aligns tab-separated cells into columns as Go's {@code text/tabwriter} does with a space pad character and no
 * flags, which is how Kubo lays out {@code ipfs ls} and {@code ipfs repo stat}. A cell is text ending in a tab; the
 * text after a line's last tab is not a cell and is never padded. A column's width is fixed per block of
 * consecutive lines that have a cell in it: the widest such cell (in code points) plus {@code padding}, at least
 * {@code minWidth}. A line with fewer cells ends the block, so a header line "name:" between two listings splits
 * them into separately aligned tables, as in Go.
 */
final class TextTable {
    private final int minWidth;
    private final int padding;
    private final List<String[]> lines = new ArrayList<>();

    TextTable(int minWidth, int padding) {
        this.minWidth = minWidth;
        this.padding = padding;
    }

    /** Adds one line; {@code line} holds no newline and its cells are separated by tabs. */
    void line(String line) {
        lines.add(line.split("\t", -1));
    }

    /** Adds one line from its cells: every value but the last is a padded cell. */
    void row(Object... cells) {
        String[] strings = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            strings[i] = String.valueOf(cells[i]);
        }
        lines.add(strings);
    }

    void printTo(PrintWriter out) {
        StringBuilder sb = new StringBuilder();
        format(sb, new ArrayList<>(), 0, lines.size());
        out.print(sb);
    }

    /** Go's {@code Writer.format}: lays out lines [from, to) knowing the widths of the columns left of here. */
    private void format(StringBuilder sb, List<Integer> widths, int from, int to) {
        int column = widths.size();
        int start = from;
        for (int line = from; line < to; line++) {
            if (column >= cellCount(line)) {
                continue;
            }
            writeLines(sb, widths, start, line);
            start = line;
            int width = minWidth;
            for (; line < to && column < cellCount(line); line++) {
                width = Math.max(width, displayWidth(lines.get(line)[column]) + padding);
            }
            widths.add(width);
            format(sb, widths, start, line);
            widths.remove(widths.size() - 1);
            start = line;
            // As in Go, the increment then passes over the line that ended the block: it has too few cells to
            // start one.
        }
        writeLines(sb, widths, start, to);
    }

    /** Number of padded cells (tab-terminated) of a line. */
    private int cellCount(int line) {
        return lines.get(line).length - 1;
    }

    private void writeLines(StringBuilder sb, List<Integer> widths, int from, int to) {
        for (int i = from; i < to; i++) {
            String[] cells = lines.get(i);
            for (int j = 0; j < cells.length; j++) {
                sb.append(cells[j]);
                if (j < cells.length - 1 && j < widths.size()) {
                    sb.append(" ".repeat(Math.max(0, widths.get(j) - displayWidth(cells[j]))));
                }
            }
            sb.append('\n');
        }
    }

    private static int displayWidth(String s) {
        return s.codePointCount(0, s.length());
    }
}

package io.secretledger.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** What a command answers: a table for people, or one JSON document ({@code --json}) for scripts. */
final class Output {

    final PrintStream out;
    final PrintStream err;
    final boolean json;
    private final ObjectMapper mapper;

    Output(PrintStream out, PrintStream err, boolean json, ObjectMapper mapper) {
        this.out = out;
        this.err = err;
        this.json = json;
        this.mapper = mapper;
    }

    /** The JSON document with {@code --json}, else the table of {@code rows} under {@code headers}. */
    void emit(JsonNode document, List<String> headers, List<List<String>> rows) {
        if (json) {
            print(document);
        } else {
            table(headers, rows);
        }
    }

    void print(JsonNode document) {
        try {
            out.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(document));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void table(List<String> headers, List<List<String>> rows) {
        int[] widths = new int[headers.size()];
        List<List<String>> all = new ArrayList<>();
        all.add(headers);
        all.addAll(rows);
        for (List<String> row : all) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], cell(row, i).length());
            }
        }
        for (List<String> row : all) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < widths.length; i++) {
                String cell = cell(row, i);
                line.append(cell);
                if (i < widths.length - 1) {
                    line.append(" ".repeat(widths[i] - cell.length() + 2));
                }
            }
            out.println(line.toString().stripTrailing());
        }
    }

    /** A note for the person at the terminal, never part of what a script reads. */
    void note(String message) {
        err.println(message);
    }

    private static String cell(List<String> row, int i) {
        String value = i < row.size() ? row.get(i) : null;
        return value == null ? "-" : value.replace('\n', ' ');
    }

    /** The cursor of the page after this connection's, or null at the end (or if the service repeats a cursor). */
    static String nextCursor(JsonNode connection, String previous) {
        JsonNode info = connection.path("pageInfo");
        String next = info.path("endCursor").isTextual() ? info.path("endCursor").asText() : null;
        if (!info.path("hasNextPage").asBoolean() || next == null || next.isEmpty() || next.equals(previous)) {
            return null;
        }
        return next;
    }

    /** A table row whose cells may be null (shown as "-"). */
    static List<String> row(String... cells) {
        return java.util.Arrays.asList(cells);
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isMissingNode() || value.isNull() ? null : value.isTextual() ? value.asText() : value.toString();
    }
}

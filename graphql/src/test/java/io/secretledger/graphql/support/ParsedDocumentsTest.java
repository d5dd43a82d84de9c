package io.secretledger.graphql.support;

import graphql.ExecutionInput;
import graphql.execution.preparsed.PreparsedDocumentEntry;
import graphql.parser.Parser;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

class ParsedDocumentsTest {

    private final ParsedDocuments documents = new ParsedDocuments();
    private final AtomicInteger parses = new AtomicInteger();
    private final Function<ExecutionInput, PreparsedDocumentEntry> parse = input -> {
        parses.incrementAndGet();
        return new PreparsedDocumentEntry(Parser.parse(input.getQuery()));
    };

    private void run(String document) {
        documents.getDocumentAsync(ExecutionInput.newExecutionInput(document).build(), parse).join();
    }

    @Test
    void aDocumentWithVariablesIsParsedOnce() {
        String document = "mutation($v: String) { updateSecret(input: {id: $v, value: $v}) { secret { id } } }";
        run(document);
        run(document);
        assertThat(parses).hasValue(1);
    }

    @Test
    void aDocumentWithAnInlineStringIsNeverKept() {
        String document = "mutation { updateSecret(input: {id: \"1\", value: \"sk_live_inline\"}) { secret { id } } }";
        run(document);
        run(document);
        assertThat(parses).hasValue(2);
    }
}

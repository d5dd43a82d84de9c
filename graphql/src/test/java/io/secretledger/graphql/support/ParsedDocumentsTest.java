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
    void aDocumentWithInlineKeysAndNamesIsParsedOnce() {
        String document = "mutation($id: ID!) { revealSecretField(input: {secretId: $id, fieldKey: \"token\"}) "
                + "{ value } }";
        run(document);
        run(document);
        assertThat(parses).hasValue(1);
    }

    @Test
    void anInlineCodeOrAValueInAListIsNeverKept() {
        run("mutation { confirmRevealVerification(input: {code: \"123456\"}) { unlockedUntil } }");
        run("mutation { confirmRevealVerification(input: {code: \"123456\"}) { unlockedUntil } }");
        run("mutation { createSecret(input: {name: \"a\", values: [{key: \"token\", value: \"sk_1\"}]}) { secret { id } } }");
        run("mutation { createSecret(input: {name: \"a\", values: [{key: \"token\", value: \"sk_1\"}]}) { secret { id } } }");
        run("mutation($v: String = \"sk_2\") { createSecret(input: {values: [{key: \"t\", value: $v}]}) { secret { id } } }");
        run("mutation($v: String = \"sk_2\") { createSecret(input: {values: [{key: \"t\", value: $v}]}) { secret { id } } }");
        assertThat(parses).hasValue(6);
    }

    @Test
    void aDocumentWithAnInlineStringIsNeverKept() {
        String document = "mutation { updateSecret(input: {id: \"1\", value: \"sk_live_inline\"}) { secret { id } } }";
        run(document);
        run(document);
        assertThat(parses).hasValue(2);
    }
}

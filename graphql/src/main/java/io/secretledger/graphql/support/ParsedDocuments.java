package io.secretledger.graphql.support;

import graphql.ExecutionInput;
import graphql.execution.preparsed.PreparsedDocumentEntry;
import graphql.execution.preparsed.PreparsedDocumentProvider;
import graphql.language.Document;
import graphql.language.Node;
import graphql.language.NodeTraverser;
import graphql.language.NodeVisitorStub;
import graphql.language.StringValue;
import graphql.util.TraversalControl;
import graphql.util.TraverserContext;
import org.springframework.boot.autoconfigure.graphql.GraphQlSourceBuilderCustomizer;
import org.springframework.stereotype.Component;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Parses and validates each distinct document once: clients send the same few documents with other variables,
 * so the parse and the validation (depth, complexity, schema) need not run on every request. Bounded (LRU),
 * keyed by the document text; only valid documents are kept, so a bad one is answered afresh each time. A
 * document with a string literal where a secret can go (a field value's {@code value}, a verification
 * {@code code}) is never kept: a secret typed inline instead of in a variable must not stay in memory after its
 * request. Other literals (field keys, names, ids) are no secret.
 */
@Component
class ParsedDocuments implements PreparsedDocumentProvider, GraphQlSourceBuilderCustomizer {

    private static final int MAX_DOCUMENTS = 1_000;

    private final Map<String, PreparsedDocumentEntry> documents = Collections.synchronizedMap(
            new LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, PreparsedDocumentEntry> eldest) {
                    return size() > MAX_DOCUMENTS;
                }
            });

    @Override
    public CompletableFuture<PreparsedDocumentEntry> getDocumentAsync(ExecutionInput input,
            Function<ExecutionInput, PreparsedDocumentEntry> parseAndValidate) {
        PreparsedDocumentEntry known = documents.get(input.getQuery());
        if (known != null) {
            return CompletableFuture.completedFuture(known);
        }
        PreparsedDocumentEntry parsed = parseAndValidate.apply(input);
        if (!parsed.hasErrors() && !holdsSecretLiterals(parsed.getDocument())) {
            documents.put(input.getQuery(), parsed);
        }
        return CompletableFuture.completedFuture(parsed);
    }

    /** Input fields and arguments that may carry a secret value. */
    private static final java.util.Set<String> SECRET_SLOTS = java.util.Set.of("value", "code");

    private static boolean holdsSecretLiterals(Document document) {
        AtomicBoolean found = new AtomicBoolean();
        new NodeTraverser().depthFirst(new NodeVisitorStub() {
            @Override
            public TraversalControl visitStringValue(StringValue node, TraverserContext<Node> context) {
                for (TraverserContext<Node> at = context.getParentContext(); at != null; at = at.getParentContext()) {
                    Node<?> parent = at.thisNode();
                    if (parent instanceof graphql.language.VariableDefinition) {
                        // A variable's default value may be anything, a secret too.
                        found.set(true);
                        return TraversalControl.QUIT;
                    }
                    String name = parent instanceof graphql.language.ObjectField field ? field.getName()
                            : parent instanceof graphql.language.Argument argument ? argument.getName() : null;
                    if (name != null) {
                        if (SECRET_SLOTS.contains(name)) {
                            found.set(true);
                            return TraversalControl.QUIT;
                        }
                        break;
                    }
                }
                return TraversalControl.CONTINUE;
            }
        }, document);
        return found.get();
    }

    @Override
    public void customize(org.springframework.graphql.execution.GraphQlSource.SchemaResourceBuilder builder) {
        builder.configureGraphQl(graphQl -> graphQl.preparsedDocumentProvider(this));
    }
}

package io.secretledger.command.integration;

import io.secretledger.api.integration.DeleteIntegration;
import io.secretledger.api.integration.HeaderTemplate;
import io.secretledger.api.integration.IntegrationDeleted;
import io.secretledger.api.integration.IntegrationSaved;
import io.secretledger.api.integration.SaveIntegration;
import io.secretledger.api.integration.SecretReference;
import io.secretledger.command.common.DomainException;
import io.secretledger.command.common.Violations;
import io.secretledger.command.secret.SecretNames;
import io.secretledger.command.secret.SecretReferences;
import io.secretledger.command.workspace.WorkspaceDirectory;
import io.secretledger.policy.AccessPolicy;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;
import static org.axonframework.modelling.command.AggregateLifecycle.markDeleted;

/**
 * An integration configuration (seeds 003, 004): an endpoint and a request whose headers and body name secrets by
 * reference, and optionally the key its payloads are encrypted with, also by reference. It holds no value: a
 * reference must name an existing secret of the workspace, and the references are recorded so that deleting a
 * referenced secret needs force.
 */
@Aggregate
public class Integration {

    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");
    private static final int MAX_TEXT = 1 << 20;

    @AggregateIdentifier
    private String integrationId;
    private String workspaceId;
    private String name;
    private Set<String> references = Set.of();

    protected Integration() {
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public IntegrationSaved handle(SaveIntegration command, WorkspaceDirectory directory, SecretNames names,
                       SecretReferences referenceTable) {
        if (workspaceId != null && !workspaceId.equals(command.workspaceId())) {
            throw DomainException.notFound("id", "No such integration in this workspace");
        }
        if (!AccessPolicy.holdsModifyAll(directory.member(command.workspaceId(), command.actor().id()))) {
            throw DomainException.forbidden("Configuring integrations needs MODIFY_ALL or ACCOUNT_OWNER");
        }
        Violations violations = new Violations();
        String label = command.name() == null ? "" : command.name().strip();
        if (label.isEmpty() || label.length() > 100) {
            violations.add("name", "A name of 1 to 100 characters");
        }
        String method = command.method() == null ? "" : command.method().strip().toUpperCase(Locale.ROOT);
        if (!METHODS.contains(method)) {
            violations.add("method", "One of GET, POST, PUT, PATCH, DELETE");
        }
        checkUrl(command.url(), violations);
        List<HeaderTemplate> headers = command.headers() == null ? List.of() : command.headers();
        Set<String> referenced = new LinkedHashSet<>();
        for (int i = 0; i < headers.size(); i++) {
            HeaderTemplate header = headers.get(i);
            if (header.name() == null || header.name().isBlank() || header.value() == null) {
                violations.add("headers[" + i + "]", "A header needs a name and a value");
                continue;
            }
            collect(header.value(), "headers[" + i + "].value", referenced, violations);
        }
        if (command.body() != null && command.body().length() > MAX_TEXT) {
            violations.add("body", "At most 1 MiB");
        }
        collect(command.body(), "body", referenced, violations);
        String keyRef = command.encryptionKeyRef() == null || command.encryptionKeyRef().isBlank() ? null
                : command.encryptionKeyRef().strip();
        if (keyRef != null) {
            int slash = keyRef.lastIndexOf('/');
            if (slash <= 0 || slash == keyRef.length() - 1) {
                violations.add("encryptionKeyRef", "Keys are named by reference, <secret name>/<field>; a key "
                        + "itself is never entered here");
            } else {
                referenced.add(keyRef.substring(0, slash));
            }
        }
        violations.throwIfAny();
        for (String secretName : referenced) {
            if (names.holder(command.workspaceId(), secretName).isEmpty()) {
                throw DomainException.notFound(keyRef != null && keyRef.startsWith(secretName + "/")
                        ? "encryptionKeyRef" : "request", "No secret of this workspace is named " + secretName);
            }
        }
        referenced.forEach(secretName -> referenceTable.add(command.workspaceId(), secretName,
                command.integrationId(), label));
        Set<String> dropped = new HashSet<>(references);
        dropped.removeAll(referenced);
        String workspace = command.workspaceId();
        String id = command.integrationId();
        CurrentUnitOfWork.ifStarted(unit -> unit.afterCommit(done -> dropped.forEach(secretName ->
                referenceTable.remove(workspace, secretName, id))));
        IntegrationSaved saved = new IntegrationSaved(command.integrationId(), command.workspaceId(), label, method,
                command.url().strip(), List.copyOf(headers), command.body(), keyRef, new ArrayList<>(referenced),
                command.actor());
        apply(saved);
        return saved;
    }

    @CommandHandler
    public void handle(DeleteIntegration command, WorkspaceDirectory directory, SecretReferences referenceTable) {
        if (!workspaceId.equals(command.workspaceId())) {
            throw DomainException.notFound("id", "No such integration in this workspace");
        }
        if (!AccessPolicy.holdsModifyAll(directory.member(workspaceId, command.actor().id()))) {
            throw DomainException.forbidden("Configuring integrations needs MODIFY_ALL or ACCOUNT_OWNER");
        }
        Set<String> dropped = Set.copyOf(references);
        CurrentUnitOfWork.ifStarted(unit -> unit.afterCommit(done -> dropped.forEach(secretName ->
                referenceTable.remove(workspaceId, secretName, integrationId))));
        apply(new IntegrationDeleted(integrationId, workspaceId, name, command.actor()));
    }

    private static void checkUrl(String url, Violations violations) {
        try {
            URI uri = new URI(url == null ? "" : url.strip());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!uri.isAbsolute() || uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))
                    || url.contains("{{")) {
                violations.add("url", "An absolute http or https URL, without secrets in it");
            }
        } catch (java.net.URISyntaxException e) {
            violations.add("url", "Not a URL");
        }
    }

    private static void collect(String text, String field, Set<String> referenced, Violations violations) {
        List<SecretReference> found = SecretReference.in(text);
        if (found == null) {
            violations.add(field, "Write each reference as {{secret:name/field}}");
        } else {
            found.forEach(reference -> referenced.add(reference.secretName()));
        }
    }

    @EventSourcingHandler
    void on(IntegrationSaved event) {
        integrationId = event.integrationId();
        workspaceId = event.workspaceId();
        name = event.name();
        references = Set.copyOf(event.referencedSecrets());
    }

    @EventSourcingHandler
    void on(IntegrationDeleted event) {
        markDeleted();
    }
}

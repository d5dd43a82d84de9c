package io.secretledger.graphql.integration;

import io.secretledger.api.common.ErrorCode;
import io.secretledger.api.common.Plaintext;
import io.secretledger.api.integration.AuthorizeSecretUse;
import io.secretledger.api.integration.DecryptWithKey;
import io.secretledger.api.integration.DeleteIntegration;
import io.secretledger.api.integration.EncryptWithKey;
import io.secretledger.api.integration.FindIntegrations;
import io.secretledger.api.integration.HeaderTemplate;
import io.secretledger.api.integration.IntegrationSaved;
import io.secretledger.api.integration.IntegrationView;
import io.secretledger.api.integration.KeyOperationResult;
import io.secretledger.api.integration.RecordSecretUse;
import io.secretledger.api.integration.SaveIntegration;
import io.secretledger.api.integration.SecretUseGrant;
import io.secretledger.graphql.caller.Caller;
import io.secretledger.graphql.error.ApiException;
import io.secretledger.graphql.support.Ids;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.ContextValue;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Seed 001: an integration uses a secret in an API call without seeing it. The value is authorized (and that
 * recorded) before it leaves, the call is made here, its outcome recorded, and the answer redacted.
 */
@Controller
class IntegrationController {

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final OutboundCalls calls;

    IntegrationController(CommandGateway commands, QueryGateway queries, OutboundCalls calls) {
        this.commands = commands;
        this.queries = queries;
        this.calls = calls;
    }

    record CallWithSecretInput(String method, String url, List<CallTemplate.Header> headers, String body) {
    }

    record CallWithSecretPayload(String useId, String secretId, int status, String outcome,
                                 List<CallTemplate.Header> headers, String body, int redactions) {
    }

    @MutationMapping
    CallWithSecretPayload callWithSecret(@Argument CallWithSecretInput input,
            @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
        Caller who = Caller.require(caller);
        return call(who, CallTemplate.parse(input.method(), input.url(), input.headers(), input.body()));
    }

    record IntegrationInput(String id, String name, String method, String url, List<CallTemplate.Header> headers,
                            String body, String encryptionKeyRef) {
    }

    record IntegrationPayload(IntegrationView integration) {
    }

    record IdInput(String id) {
    }

    record NameInput(String name) {
    }

    @QueryMapping
    List<IntegrationView> integrations(@ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
        Caller who = Caller.require(caller);
        return queries.query(new FindIntegrations(who.workspaceId(), who.memberId(), null),
                ResponseTypes.multipleInstancesOf(IntegrationView.class)).join();
    }

    @MutationMapping
    IntegrationPayload saveIntegration(@Argument IntegrationInput input,
            @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
        Caller who = Caller.require(caller);
        String id = input.id() == null ? UUID.randomUUID().toString() : Ids.require(input.id(), "id");
        List<HeaderTemplate> headers = input.headers() == null ? List.of() : input.headers().stream()
                .map(header -> new HeaderTemplate(header.name(), header.value())).toList();
        IntegrationSaved saved = commands.sendAndWait(new SaveIntegration(id, who.workspaceId(), input.name(),
                input.method(), input.url(), headers, input.body(), input.encryptionKeyRef(), who.actor()));
        return new IntegrationPayload(new IntegrationView(saved.integrationId(), saved.name(), saved.method(),
                saved.url(), saved.headers(), saved.body(), saved.encryptionKeyRef(), saved.referencedSecrets(), 0));
    }

    @MutationMapping
    IdInput deleteIntegration(@Argument IdInput input,
            @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
        Caller who = Caller.require(caller);
        String id = Ids.require(input.id(), "id");
        commands.sendAndWait(new DeleteIntegration(id, who.workspaceId(), who.actor()));
        return new IdInput(id);
    }

    @MutationMapping
    CallWithSecretPayload callIntegration(@Argument NameInput input,
            @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
        Caller who = Caller.require(caller);
        IntegrationView integration = queries.query(new FindIntegrations(who.workspaceId(), who.memberId(),
                        input.name()), ResponseTypes.multipleInstancesOf(IntegrationView.class)).join().stream()
                .findFirst().orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "name",
                        "No integration of this workspace has this name"));
        return call(who, CallTemplate.parse(integration.method(), integration.url(), integration.headers().stream()
                .map(header -> new CallTemplate.Header(header.name(), header.value())).toList(), integration.body()));
    }

    private CallWithSecretPayload call(Caller who, CallTemplate call) {
        String useId = UUID.randomUUID().toString();
        SecretUseGrant grant = commands.sendAndWait(new AuthorizeSecretUse(who.workspaceId(), call.secretName(),
                call.fieldKeys(), call.method(), call.url(), useId, who.actor()));
        if (grant.refusal() != null) {
            throw ApiException.of(grant.refusal());
        }
        Map<String, String> values = new LinkedHashMap<>();
        grant.values().forEach(value -> values.put(value.fieldKey(), value.value().value()));
        OutboundCalls.Response response;
        try {
            response = calls.send(call, values, grant.addresses());
        } catch (OutboundCalls.Failure failure) {
            record(who, grant, 0, "failed: " + failure.getMessage());
            throw new ApiException(ErrorCode.UNAVAILABLE, "url", "The destination gave no answer: "
                    + failure.getMessage());
        } catch (ApiException refused) {
            record(who, grant, 0, "refused: " + refused.getMessage());
            throw refused;
        }
        String outcome = response.status() / 100 == 3 ? "redirect not followed" : "completed";
        record(who, grant, response.status(), outcome);
        Redactor redactor = new Redactor(values.values());
        List<CallTemplate.Header> headers = response.headers().stream()
                .map(header -> new CallTemplate.Header(header.name(), redactor.redact(header.value()))).toList();
        String body = redactor.redact(new String(response.body(), StandardCharsets.UTF_8));
        return new CallWithSecretPayload(useId, grant.secretId(), response.status(), outcome, headers, body,
                redactor.redactions());
    }

    record EncryptWithKeyInput(String keyRef, String plaintext) {

        @Override
        public String toString() {
            return "EncryptWithKeyInput[keyRef=" + keyRef + "]";
        }
    }

    record DecryptWithKeyInput(String keyRef, String ciphertext) {
    }

    record KeyOperationPayload(int keyVersion, String ciphertext, String plaintext) {

        @Override
        public String toString() {
            return "KeyOperationPayload[keyVersion=" + keyVersion + "]";
        }
    }

    @MutationMapping
    KeyOperationPayload encryptWithKey(@Argument EncryptWithKeyInput input,
            @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
        Caller who = Caller.require(caller);
        return payload(commands.sendAndWait(new EncryptWithKey(who.workspaceId(), input.keyRef(),
                new Plaintext(input.plaintext()), who.actor())));
    }

    @MutationMapping
    KeyOperationPayload decryptWithKey(@Argument DecryptWithKeyInput input,
            @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
        Caller who = Caller.require(caller);
        return payload(commands.sendAndWait(new DecryptWithKey(who.workspaceId(), input.keyRef(), input.ciphertext(),
                who.actor())));
    }

    private static KeyOperationPayload payload(KeyOperationResult result) {
        if (result.refusal() != null) {
            throw ApiException.of(result.refusal());
        }
        return new KeyOperationPayload(result.keyVersion(), result.ciphertext(),
                result.plaintext() == null ? null : result.plaintext().value());
    }

    private void record(Caller who, SecretUseGrant grant, int status, String outcome) {
        commands.sendAndWait(new RecordSecretUse(grant.secretId(), who.workspaceId(), grant.useId(), status, outcome,
                who.actor()));
    }
}

package io.secretledger.graphql.template;

import io.secretledger.api.template.CreateTemplate;
import io.secretledger.api.template.FieldDefinition;
import io.secretledger.api.template.FieldType;
import io.secretledger.api.template.FindTemplate;
import io.secretledger.api.template.TemplateView;
import io.secretledger.graphql.caller.Caller;
import io.secretledger.graphql.support.Ids;
import io.secretledger.graphql.support.ReadYourWrites;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.ContextValue;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

import java.util.List;
import java.util.concurrent.CompletableFuture;

@Controller
class TemplateController {

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final ReadYourWrites readYourWrites;

    TemplateController(CommandGateway commands, QueryGateway queries, ReadYourWrites readYourWrites) {
        this.commands = commands;
        this.queries = queries;
        this.readYourWrites = readYourWrites;
    }

    record FieldDefinitionInput(String key, String label, FieldType type, Boolean required, Boolean sensitive,
                                List<String> options) {

        FieldDefinition toDefinition() {
            return new FieldDefinition(key, label, type, Boolean.TRUE.equals(required), Boolean.TRUE.equals(sensitive),
                    options);
        }
    }

    record CreateTemplateInput(String name, String description, List<FieldDefinitionInput> fields) {
    }

    record CreateTemplatePayload(TemplateView template) {
    }

    @QueryMapping
    CompletableFuture<TemplateView> template(@Argument String id,
                                             @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
        Caller who = Caller.require(caller);
        return queries.query(new FindTemplate(who.workspaceId(), Ids.require(id, "id")), TemplateView.class);
    }

    @MutationMapping
    CompletableFuture<CreateTemplatePayload> createTemplate(@Argument CreateTemplateInput input,
            @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
        Caller who = Caller.require(caller);
        String templateId = Ids.newId();
        List<FieldDefinition> fields = input.fields() == null ? List.of()
                : input.fields().stream().map(FieldDefinitionInput::toDefinition).toList();
        CreateTemplate command = new CreateTemplate(templateId, who.workspaceId(), input.name(), input.description(),
                fields, who.actor());
        return readYourWrites.send(new FindTemplate(who.workspaceId(), templateId), TemplateView.class,
                () -> commands.send(command), created -> view -> true).thenApply(CreateTemplatePayload::new);
    }
}

package io.secretledger.graphql.template;

import io.secretledger.api.template.AddTemplateField;
import io.secretledger.api.template.ArchiveTemplate;
import io.secretledger.api.template.ChangeTemplateDetails;
import io.secretledger.api.template.ChangeTemplateField;
import io.secretledger.api.template.CreateTemplate;
import io.secretledger.api.template.FieldDefinition;
import io.secretledger.api.template.FieldType;
import io.secretledger.api.template.FindTemplate;
import io.secretledger.api.template.FindTemplates;
import io.secretledger.api.template.RemoveTemplateField;
import io.secretledger.api.template.ReorderTemplateFields;
import io.secretledger.api.template.TemplatePage;
import io.secretledger.api.template.TemplateView;
import io.secretledger.graphql.caller.Caller;
import io.secretledger.graphql.support.Ids;
import io.secretledger.graphql.support.Pages;
import io.secretledger.graphql.support.ReadYourWrites;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.data.domain.ScrollPosition;
import org.springframework.data.domain.Window;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.ContextValue;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.query.ScrollSubrange;
import org.springframework.stereotype.Controller;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

@Controller
class TemplateController {

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final ReadYourWrites readYourWrites;
    private final Pages pages;

    TemplateController(CommandGateway commands, QueryGateway queries, ReadYourWrites readYourWrites, Pages pages) {
        this.commands = commands;
        this.queries = queries;
        this.readYourWrites = readYourWrites;
        this.pages = pages;
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

    record TemplatePayload(TemplateView template) {
    }

    record UpdateTemplateInput(String id, String name, String description) {
    }

    record AddTemplateFieldInput(String templateId, FieldDefinitionInput field, Integer position) {
    }

    record ChangeTemplateFieldInput(String templateId, FieldDefinitionInput field) {
    }

    record RemoveTemplateFieldInput(String templateId, String key) {
    }

    record ReorderTemplateFieldsInput(String templateId, List<String> keys) {
    }

    record ArchiveTemplateInput(String templateId, Boolean archived) {
    }

    @QueryMapping
    CompletableFuture<TemplateView> template(@Argument String id,
                                             @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
        Caller who = Caller.require(caller);
        return queries.query(new FindTemplate(who.workspaceId(), Ids.require(id, "id")), TemplateView.class);
    }

    @QueryMapping
    CompletableFuture<Window<TemplateView>> templates(ScrollSubrange subrange, @Argument Boolean includeArchived,
            @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
        Caller who = Caller.require(caller);
        int limit = pages.size(subrange);
        Map<String, Object> after = pages.keysetAfter(subrange);
        FindTemplates query = new FindTemplates(who.workspaceId(), Boolean.TRUE.equals(includeArchived),
                (String) after.get("name"), (String) after.get("id"), limit);
        return queries.query(query, TemplatePage.class).thenApply(page -> Window.from(page.items(),
                index -> ScrollPosition.forward(Map.of("name", page.items().get(index).name(),
                        "id", page.items().get(index).id())), page.hasNext()));
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

    @MutationMapping
    CompletableFuture<TemplatePayload> updateTemplate(@Argument UpdateTemplateInput input,
            @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
        return change(caller, input.id(), "id",
                who -> new ChangeTemplateDetails(input.id(), who.workspaceId(), input.name(), input.description(),
                        who.actor()));
    }

    @MutationMapping
    CompletableFuture<TemplatePayload> addTemplateField(@Argument AddTemplateFieldInput input,
            @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
        return change(caller, input.templateId(), "templateId",
                who -> new AddTemplateField(input.templateId(), who.workspaceId(), input.field().toDefinition(),
                        input.position(), who.actor()));
    }

    @MutationMapping
    CompletableFuture<TemplatePayload> changeTemplateField(@Argument ChangeTemplateFieldInput input,
            @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
        return change(caller, input.templateId(), "templateId",
                who -> new ChangeTemplateField(input.templateId(), who.workspaceId(), input.field().toDefinition(),
                        who.actor()));
    }

    @MutationMapping
    CompletableFuture<TemplatePayload> removeTemplateField(@Argument RemoveTemplateFieldInput input,
            @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
        return change(caller, input.templateId(), "templateId",
                who -> new RemoveTemplateField(input.templateId(), who.workspaceId(), input.key(), who.actor()));
    }

    @MutationMapping
    CompletableFuture<TemplatePayload> reorderTemplateFields(@Argument ReorderTemplateFieldsInput input,
            @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
        return change(caller, input.templateId(), "templateId",
                who -> new ReorderTemplateFields(input.templateId(), who.workspaceId(), input.keys(), who.actor()));
    }

    @MutationMapping
    CompletableFuture<TemplatePayload> archiveTemplate(@Argument ArchiveTemplateInput input,
            @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
        return change(caller, input.templateId(), "templateId",
                who -> new ArchiveTemplate(input.templateId(), who.workspaceId(), !Boolean.FALSE.equals(input.archived()),
                        who.actor()));
    }

    /** Sends a template edit and answers with the template once the view reflects it. */
    private CompletableFuture<TemplatePayload> change(Caller caller, String templateId, String field,
                                                      Function<Caller, Object> command) {
        Caller who = Caller.require(caller);
        Ids.require(templateId, field);
        return readYourWrites.sendUntilVersion(new FindTemplate(who.workspaceId(), templateId), TemplateView.class,
                () -> commands.<Long>send(command.apply(who)), TemplateView::version)
                .thenApply(TemplatePayload::new);
    }
}

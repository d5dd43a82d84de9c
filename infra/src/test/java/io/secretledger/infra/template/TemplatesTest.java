package io.secretledger.infra.template;

import io.secretledger.infra.support.LiveApplicationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.graphql.test.tester.HttpGraphQlTester;

import java.util.List;
import java.util.Map;

import static io.secretledger.infra.support.Refusals.assertSingle;
import static io.secretledger.infra.support.SecretSteps.createApiKeyTemplate;
import static io.secretledger.infra.support.SecretSteps.createSecret;
import static org.assertj.core.api.Assertions.assertThat;

/** Editing templates over GraphQL, and what it does (and does not do) to secrets created from them. */
class TemplatesTest extends LiveApplicationTest {

    private static final String TEMPLATE = """
            fragment T on Template { id name description archived version
              fields { key label type required sensitive options } }""";

    private HttpGraphQlTester owner;
    private String templateId;

    @BeforeEach
    void setUp() {
        owner = asOwner();
        templateId = createApiKeyTemplate(owner);
    }

    @Test
    void anOwnerReshapesATemplateStepByStep() {
        owner.document(TEMPLATE + """
                        mutation($id: ID!) { updateTemplate(input: {id: $id, name: "Payment API key",
                          description: "Keys of payment providers"}) { template { ...T } } }""")
                .variable("id", templateId).execute()
                .path("updateTemplate.template.name").entity(String.class).isEqualTo("Payment API key")
                .path("updateTemplate.template.description").entity(String.class).isEqualTo("Keys of payment providers");
        owner.document(TEMPLATE + """
                        mutation($id: ID!) { addTemplateField(input: {templateId: $id, position: 0, field: {
                          key: "environment", label: "Environment", type: CHOICE, options: ["live", "test"]}}) {
                          template { ...T } } }""")
                .variable("id", templateId).execute()
                .path("addTemplateField.template.fields[*].key").entityList(String.class)
                .containsExactly("environment", "tenant", "token");
        owner.document(TEMPLATE + """
                        mutation($id: ID!) { changeTemplateField(input: {templateId: $id, field: {
                          key: "tenant", label: "Tenant id", type: TEXT, required: false}}) { template { ...T } } }""")
                .variable("id", templateId).execute()
                .path("changeTemplateField.template.fields[1].label").entity(String.class).isEqualTo("Tenant id")
                .path("changeTemplateField.template.fields[1].required").entity(Boolean.class).isEqualTo(false);
        owner.document(TEMPLATE + """
                        mutation($id: ID!) { reorderTemplateFields(input: {templateId: $id,
                          keys: ["token", "tenant", "environment"]}) { template { ...T } } }""")
                .variable("id", templateId).execute()
                .path("reorderTemplateFields.template.fields[*].key").entityList(String.class)
                .containsExactly("token", "tenant", "environment");
        int version = owner.document(TEMPLATE + """
                        mutation($id: ID!) { removeTemplateField(input: {templateId: $id, key: "environment"}) {
                          template { ...T } } }""")
                .variable("id", templateId).execute()
                .path("removeTemplateField.template.fields[*].key").entityList(String.class)
                .containsExactly("token", "tenant")
                .path("removeTemplateField.template.version").entity(Integer.class).get();
        assertThat(version).isEqualTo(6);
    }

    @Test
    void aSecretKeepsItsFieldsAndValuesWhenItsTemplateLosesAField() {
        String secretId = createSecret(owner, templateId, "keeps-its-tenant", "sk_live_kept");
        owner.document("""
                        mutation($id: ID!) { removeTemplateField(input: {templateId: $id, key: "tenant"}) {
                          template { id } } }""")
                .variable("id", templateId).execute();

        owner.document("query($id: ID!) { secret(id: $id) { fields { key value masked } } }")
                .variable("id", secretId).execute()
                .path("secret.fields[*].key").entityList(String.class).containsExactly("tenant", "token")
                .path("secret.fields[0].value").entity(String.class).isEqualTo("acme")
                .path("secret.fields[1].masked").entity(Boolean.class).isEqualTo(true);
        owner.document("""
                        mutation($id: ID!) { revealSecretField(input: {secretId: $id, fieldKey: "token"}) { value } }""")
                .variable("id", secretId).execute()
                .path("revealSecretField.value").entity(String.class).isEqualTo("sk_live_kept");
        // New secrets follow the template as it is now.
        owner.documentName("createSecret").variable("input", Map.of("templateId", templateId, "name", "follows-it",
                        "values", List.of(Map.of("key", "token", "value", "x"))))
                .execute().path("createSecret.secret.fields[*].key").entityList(String.class).containsExactly("token");
    }

    @Test
    void anArchivedTemplateCreatesNoSecretAndLeavesTheList() {
        owner.document("""
                        mutation($id: ID!) { archiveTemplate(input: {templateId: $id}) { template { archived } } }""")
                .variable("id", templateId).execute()
                .path("archiveTemplate.template.archived").entity(Boolean.class).isEqualTo(true);
        long before = storedEvents();
        owner.documentName("createSecret").variable("input", Map.of("templateId", templateId, "name", "from-archived",
                        "values", List.of(Map.of("key", "tenant", "value", "a"), Map.of("key", "token", "value", "b"))))
                .execute().errors().satisfy(errors -> assertSingle(errors, "VALIDATION", "templateId"));
        assertThat(storedEvents()).isEqualTo(before);
        List<String> listed = owner.document("{ templates(first: 100) { edges { node { id } } } }").execute()
                .path("templates.edges[*].node.id").entityList(String.class).get();
        List<String> all = owner.document("{ templates(first: 100, includeArchived: true) { edges { node { id } } } }")
                .execute().path("templates.edges[*].node.id").entityList(String.class).get();
        assertThat(listed).doesNotContain(templateId);
        assertThat(all).contains(templateId);
        owner.document("""
                        mutation($id: ID!) { archiveTemplate(input: {templateId: $id, archived: false}) {
                          template { archived } } }""")
                .variable("id", templateId).execute()
                .path("archiveTemplate.template.archived").entity(Boolean.class).isEqualTo(false);
    }

    @Test
    void badEditsAreRefusedFieldByFieldAndChangeNothing() {
        long before = storedEvents();
        owner.document("""
                        mutation($id: ID!) { changeTemplateField(input: {templateId: $id, field: {
                          key: "token", label: "Token", type: MESSAGE}}) { template { id } } }""")
                .variable("id", templateId).execute().errors()
                .satisfy(errors -> assertSingle(errors, "VALIDATION", "field.type"));
        owner.document("""
                        mutation($id: ID!) { addTemplateField(input: {templateId: $id, field: {
                          key: "scan", label: "Scan", type: FILE, sensitive: true}}) { template { id } } }""")
                .variable("id", templateId).execute().errors()
                .satisfy(errors -> assertSingle(errors, "VALIDATION", "field.sensitive"));
        owner.document("""
                        mutation($id: ID!) { reorderTemplateFields(input: {templateId: $id, keys: ["token"]}) {
                          template { id } } }""")
                .variable("id", templateId).execute().errors()
                .satisfy(errors -> assertSingle(errors, "VALIDATION", "keys"));
        owner.document("""
                        mutation($id: ID!) { removeTemplateField(input: {templateId: $id, key: "nope"}) {
                          template { id } } }""")
                .variable("id", templateId).execute().errors()
                .satisfy(errors -> assertSingle(errors, "NOT_FOUND", "key"));
        owner.document("""
                        mutation { updateTemplate(input: {id: "00000000-0000-4000-8000-000000000000", name: "x"}) {
                          template { id } } }""")
                .execute().errors().satisfy(errors -> assertSingle(errors, "NOT_FOUND", null));
        assertThat(storedEvents()).isEqualTo(before);
    }
}

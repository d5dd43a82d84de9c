package io.secretledger.infra.support;

import org.springframework.graphql.test.tester.HttpGraphQlTester;

import java.util.List;
import java.util.Map;

/** The steps most tests start from, over GraphQL. */
public final class SecretSteps {

    private SecretSteps() {
    }

    public static String createApiKeyTemplate(HttpGraphQlTester tester) {
        return tester.documentName("createTemplate")
                .variable("input", Map.of("name", "API key", "fields", List.of(
                        Map.of("key", "tenant", "label", "Tenant", "type", "TEXT", "required", true),
                        Map.of("key", "token", "label", "Token", "type", "TEXT", "required", true, "sensitive", true))))
                .execute()
                .path("createTemplate.template.id").entity(String.class).get();
    }

    public static String createSecret(HttpGraphQlTester tester, String templateId, String name, String token) {
        return createSecret(tester, templateId, name, token, "MASKED");
    }

    public static String createSecret(HttpGraphQlTester tester, String templateId, String name, String token,
                                      String visibility) {
        return tester.documentName("createSecret")
                .variable("input", Map.of("templateId", templateId, "name", name, "visibility", visibility,
                        "values", List.of(Map.of("key", "tenant", "value", "acme"),
                                Map.of("key", "token", "value", token))))
                .execute()
                .path("createSecret.secret.id").entity(String.class).get();
    }
}

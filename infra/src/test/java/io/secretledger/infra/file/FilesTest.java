package io.secretledger.infra.file;

import io.secretledger.infra.support.LiveApplicationTest;
import io.secretledger.infra.support.Storage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.graphql.test.tester.HttpGraphQlTester;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** FILE fields over real HTTP: upload, audited download, refusals, and the bytes never stored in clear. */
class FilesTest extends LiveApplicationTest {

    private HttpGraphQlTester owner;
    private String secretId;
    private WebTestClient client;

    @BeforeEach
    void setUp() {
        owner = asOwner();
        String templateId = owner.documentName("createTemplate")
                .variable("input", Map.of("name", "Contract", "fields", List.of(
                        Map.of("key", "tenant", "label", "Tenant", "type", "TEXT", "required", true),
                        Map.of("key", "contract", "label", "Signed contract", "type", "FILE"))))
                .execute().path("createTemplate.template.id").entity(String.class).get();
        secretId = owner.documentName("createSecret").variable("input", Map.of("templateId", templateId,
                        "name", "contract-" + UUID.randomUUID().toString().substring(0, 8),
                        "values", List.of(Map.of("key", "tenant", "value", "acme"))))
                .execute().path("createSecret.secret.id").entity(String.class).get();
        client = WebTestClient.bindToServer().baseUrl("http://localhost:" + port)
                .responseTimeout(Duration.ofSeconds(30)).build();
    }

    private WebTestClient.ResponseSpec upload(String token, String fileName, String type, byte[] content) {
        MultipartBodyBuilder body = new MultipartBodyBuilder();
        body.part("file", new ByteArrayResource(content) {
            @Override
            public String getFilename() {
                return fileName;
            }
        }).contentType(MediaType.parseMediaType(type));
        WebTestClient.RequestBodySpec request = client.post().uri("/secrets/{id}/files/contract", secretId);
        if (token != null) {
            request = request.header(HttpHeaders.AUTHORIZATION, "Bearer " + token);
        }
        return request.contentType(MediaType.MULTIPART_FORM_DATA)
                .body(BodyInserters.fromMultipartData(body.build())).exchange();
    }

    @Test
    void aFileIsUploadedEncryptedAndEachDownloadIsRecorded() throws Exception {
        String canary = "CANARY-FILE-" + UUID.randomUUID();
        byte[] pdf = ("%PDF-1.7\n" + canary + "\n%%EOF").getBytes(StandardCharsets.US_ASCII);
        upload(ownerToken(), "contract.pdf", "application/pdf", pdf).expectStatus().isCreated()
                .expectBody().jsonPath("$.version").isEqualTo(1);

        // The upload answers once the event is stored; the read model follows.
        await().atMost(Duration.ofSeconds(10)).until(() -> "contract.pdf".equals(owner.document(
                        "query($id: ID!) { secret(id: $id) { fields { key value } } }").variable("id", secretId)
                .execute().path("secret.fields[1].value").entity(Object.class).get()));
        byte[] downloaded = client.get().uri("/secrets/{id}/files/contract", secretId)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + ownerToken()).exchange()
                .expectStatus().isOk()
                .expectHeader().contentType(MediaType.APPLICATION_PDF)
                .expectHeader().valueEquals("X-Content-Type-Options", "nosniff")
                .expectHeader().value(HttpHeaders.CONTENT_DISPOSITION, value -> assertThat(value)
                        .startsWith("attachment").contains("contract.pdf"))
                .expectBody(byte[].class).returnResult().getResponseBody();
        assertThat(downloaded).isEqualTo(pdf);
        owner.document("query($id: ID!) { secret(id: $id) { history(first: 2) { edges { node { type } } } } }")
                .variable("id", secretId).execute()
                .path("secret.history.edges[*].node.type").entityList(String.class)
                .containsExactly("FILE_DOWNLOADED", "FILE_ATTACHED");
        assertThat(Storage.filesContaining(DATA_DIR, canary)).isEmpty();
    }

    @Test
    void aDownloadWaitsForTheEmailedCodeWhereTheWorkspaceRequiresIt() {
        upload(ownerToken(), "contract.pdf", "application/pdf", "%PDF-1.7\nx\n%%EOF".getBytes(StandardCharsets.US_ASCII))
                .expectStatus().isCreated();
        owner.documentName("changeWorkspaceSettings").variable("input", Map.of("clientSecretsEnabled", true,
                "restrictToAssignedUsers", false, "requireEmailVerification", true)).execute();
        try {
            long before = storedEvents();
            client.get().uri("/secrets/{id}/files/contract", secretId)
                    .header(HttpHeaders.AUTHORIZATION, "Bearer " + ownerToken()).exchange()
                    .expectStatus().isForbidden()
                    .expectBody().jsonPath("$.code").isEqualTo("VERIFICATION_REQUIRED");
            assertThat(storedEvents()).isEqualTo(before);
        } finally {
            owner.documentName("changeWorkspaceSettings").variable("input", Map.of("clientSecretsEnabled", true,
                    "restrictToAssignedUsers", false, "requireEmailVerification", false)).execute();
        }
    }

    @Test
    void badUploadsAreRefusedWithTheirCodeAndNothingIsStored() {
        long before = storedEvents();
        upload(ownerToken(), "setup.pdf", "application/pdf", new byte[] {'M', 'Z', 0, 0}).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo("VALIDATION").jsonPath("$.field").isEqualTo("file.contentType");
        upload(ownerToken(), "setup.exe", "application/x-msdownload", new byte[] {'M', 'Z', 0, 0})
                .expectStatus().isBadRequest().expectBody().jsonPath("$.field").isEqualTo("file.contentType");
        upload(ownerToken(), "huge.txt", "text/plain", new byte[11 * 1024 * 1024])
                .expectStatus().isEqualTo(413).expectBody().jsonPath("$.field").isEqualTo("file");
        upload(null, "contract.pdf", "application/pdf", "%PDF-1.7".getBytes(StandardCharsets.US_ASCII))
                .expectStatus().isUnauthorized();
        client.get().uri("/secrets/{id}/files/contract", secretId)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + ownerToken()).exchange()
                .expectStatus().isNotFound().expectBody().jsonPath("$.field").isEqualTo("fieldKey");
        assertThat(storedEvents()).isEqualTo(before);
    }
}

package io.secretledger.infra.health;

import io.secretledger.infra.support.LiveApplicationTest;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** An operator's health check of the default profile says UP (Spring's MongoDB check asked a command the embedded store lacks). */
class HealthTest extends LiveApplicationTest {

    @Test
    void theHealthEndpointSaysUpWithTheProjectionStoreChecked() throws Exception {
        HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/actuator/health")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(json.readTree(health.body()).path("status").asText()).isEqualTo("UP");
    }
}

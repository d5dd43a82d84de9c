package io.secretledger.infra.support;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/** The development mailbox (mail received over SMTP by the default profile), read over HTTP as its member would. */
public final class DevMailbox {

    private DevMailbox() {
    }

    /** The messages of the token's member, oldest first. */
    public static List<Map<String, String>> messages(int port, String token, ObjectMapper json) {
        String body = WebTestClient.bindToServer().baseUrl("http://localhost:" + port).build()
                .get().uri("/dev/mailbox").header("Authorization", "Bearer " + token)
                .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        try {
            return json.readValue(body, new TypeReference<>() { });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

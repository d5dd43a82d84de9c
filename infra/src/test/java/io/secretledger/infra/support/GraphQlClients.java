package io.secretledger.infra.support;

import org.springframework.graphql.client.WebSocketGraphQlClientInterceptor;
import org.springframework.graphql.test.tester.WebSocketGraphQlTester;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;
import reactor.core.publisher.Mono;

import java.net.URI;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.secretledger.infra.dev.LocalTokens;
import io.secretledger.infra.support.LiveApplicationTest.Demo;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.graphql.test.tester.HttpGraphQlTester;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/** GraphQL-over-HTTP testers for a running application. */
public final class GraphQlClients {

    private GraphQlClients() {
    }

    /** A tester for the server on {@code port}, with a bearer token unless it is null. */
    public static HttpGraphQlTester http(int port, String token) {
        WebTestClient client = WebTestClient.bindToServer().baseUrl("http://localhost:" + port + "/graphql")
                .responseTimeout(Duration.ofSeconds(30)).build();
        HttpGraphQlTester tester = HttpGraphQlTester.create(client);
        return token == null ? tester : tester.mutate().header("Authorization", "Bearer " + token).build();
    }

    /** A request with this bearer token is refused before GraphQL: 401 and UNAUTHENTICATED. */
    public static void expectRefused(int port, String token) {
        WebTestClient.bindToServer().baseUrl("http://localhost:" + port).build()
                .post().uri("/graphql").header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").bodyValue(Map.of("query", "{ me { type } }"))
                .exchange()
                .expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.errors[0].extensions.code").isEqualTo("UNAUTHENTICATED");
    }

    /**
     * A graphql-transport-ws tester for the server on {@code port}: the token, and whatever else {@code init} holds
     * (such as the workspace), go in {@code connection_init}.
     */
    public static WebSocketGraphQlTester webSocket(int port, String token, Map<String, Object> init) {
        Map<String, Object> payload = new java.util.HashMap<>(init);
        payload.put("Authorization", "Bearer " + token);
        return WebSocketGraphQlTester.builder(URI.create("ws://localhost:" + port + "/graphql"),
                        new ReactorNettyWebSocketClient())
                .interceptor(new WebSocketGraphQlClientInterceptor() {
                    @Override
                    public Mono<Object> connectionInitPayload() {
                        return Mono.just(payload);
                    }
                })
                .build();
    }

    /** A tester acting as the owner of the demo workspace the application created in {@code dataDir}. */
    public static HttpGraphQlTester demoOwner(ConfigurableApplicationContext context, Path dataDir) throws IOException {
        Demo demo = context.getBean(ObjectMapper.class).readValue(dataDir.resolve("demo-workspace.json").toFile(),
                Demo.class);
        String token = context.getBean(LocalTokens.class).mint(demo.workspaceId(), demo.ownerMemberId(),
                demo.ownerEmail(), Duration.ofMinutes(10));
        return http(((WebServerApplicationContext) context).getWebServer().getPort(), token);
    }
}

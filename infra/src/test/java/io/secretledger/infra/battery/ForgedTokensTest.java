package io.secretledger.infra.battery;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.secretledger.infra.dev.LocalTokens;
import io.secretledger.infra.support.Canaries;
import io.secretledger.infra.support.LiveApplicationTest;
import io.secretledger.infra.support.SecretSteps;
import org.junit.jupiter.api.Test;
import org.springframework.graphql.test.tester.HttpGraphQlTester;
import reactor.core.Disposable;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Battery (issue 8, item 7): a corpus of forged bearer tokens - no algorithm, HS/RS confusion, another key,
 * expired, not yet valid, wrong audience or issuer, keys offered in jku / x5u / jwk headers, edited claims - is
 * refused over HTTP (GraphQL and the audit export) and over WebSocket; and a subscription ends when the token it
 * was opened with expires.
 */
class ForgedTokensTest extends LiveApplicationTest {

    private static final String SUBSCRIPTION = "subscription($id: ID!) { secretChanged(id: $id) { id name } }";

    @Test
    void canRefuseEveryForgedTokenOverHttpAndWebSocket() throws Exception {
        HttpGraphQlTester owner = asOwner();
        String secretId = SecretSteps.createSecret(owner, SecretSteps.createApiKeyTemplate(owner),
                "forged-" + UUID.randomUUID(), Canaries.plant("forged"));
        Map<String, String> forged = corpus();
        long eventsBefore = storedEvents();

        for (Map.Entry<String, String> token : forged.entrySet()) {
            HttpResponse<String> graphQl = post("/graphql", token.getValue(),
                    "{\"query\":\"mutation { addMember(input: {email: \\\"x-" + UUID.randomUUID()
                            + "@example.com\\\", role: OWNER}) { member { id } } }\"}");
            assertThat(graphQl.statusCode()).as(token.getKey()).isEqualTo(401);
            assertThat(graphQl.body()).as(token.getKey()).doesNotContain("\"data\"");
            assertThat(get("/audit/export", token.getValue()).statusCode()).as(token.getKey()).isEqualTo(401);

            BlockingQueue<Object> received = new LinkedBlockingQueue<>();
            Disposable watch = webSocket(token.getValue()).document(SUBSCRIPTION).variable("id", secretId)
                    .executeSubscription().toFlux("secretChanged", Map.class).subscribe(received::add, received::add);
            try {
                Object first = received.poll(20, TimeUnit.SECONDS);
                assertThat(first).as(token.getKey() + " over WebSocket").isInstanceOf(Throwable.class);
            } finally {
                watch.dispose();
            }
        }
        assertThat(storedEvents()).as("nothing a forged token asked for was stored").isEqualTo(eventsBefore);

        // The corpus is refused for what it is, not by accident: the genuine token gets through both ways.
        assertThat(post("/graphql", ownerToken(), "{\"query\":\"{ workspace { id } }\"}").body())
                .contains(demo.workspaceId());
        Object genuine = webSocket(ownerToken()).document(SUBSCRIPTION).variable("id", secretId)
                .executeSubscription().toFlux("secretChanged", Map.class).blockFirst(Duration.ofSeconds(20));
        assertThat(genuine).isInstanceOf(Map.class);
    }

    @Test
    void canEndASubscriptionWhenItsTokenExpires() throws Exception {
        HttpGraphQlTester owner = asOwner();
        String secretId = SecretSteps.createSecret(owner, SecretSteps.createApiKeyTemplate(owner),
                "expiring-" + UUID.randomUUID(), Canaries.plant("forged"));
        String shortLived = tokens.mint(demo.workspaceId(), demo.ownerMemberId(), demo.ownerEmail(),
                Duration.ofSeconds(3));
        BlockingQueue<Object> received = new LinkedBlockingQueue<>();
        Disposable watch = webSocket(shortLived).document(SUBSCRIPTION).variable("id", secretId)
                .executeSubscription().toFlux("secretChanged", Map.class).subscribe(received::add, received::add);
        try {
            assertThat(received.poll(20, TimeUnit.SECONDS)).as("the secret as it is").isInstanceOf(Map.class);
            Object ended = received.poll(20, TimeUnit.SECONDS);
            assertThat(ended).isInstanceOf(Throwable.class);
            assertThat(ended.toString()).contains("UNAUTHENTICATED");
        } finally {
            watch.dispose();
        }
    }

    /** Forged tokens by what is wrong with them, each naming the demo owner. */
    private Map<String, String> corpus() throws Exception {
        byte[] ourKey = Files.readAllBytes(DATA_DIR.resolve("keys").resolve("jwt.key"));
        byte[] otherKey = new byte[32];
        new SecureRandom().nextBytes(otherKey);
        RSAKey attacker = new RSAKeyGenerator(2048).keyID("attacker").generate();
        Map<String, String> corpus = new LinkedHashMap<>();

        corpus.put("alg none", unsigned("{\"alg\":\"none\",\"typ\":\"JWT\"}", claims(c -> c)) + ".");
        corpus.put("alg none, our signature kept", unsigned("{\"alg\":\"none\"}", claims(c -> c)) + "."
                + hmac(ourKey, JWSAlgorithm.HS256, claims(c -> c)).split("\\.")[2]);
        corpus.put("HS256 under another key", hmac(otherKey, JWSAlgorithm.HS256, claims(c -> c)));
        corpus.put("HS512 under our key doubled", hmac(concat(ourKey, ourKey), JWSAlgorithm.HS512, claims(c -> c)));
        corpus.put("RS256 under the attacker's key", rsa(attacker, new JWSHeader.Builder(JWSAlgorithm.RS256),
                claims(c -> c)));
        corpus.put("RS256 with the attacker's key in jwk", rsa(attacker, new JWSHeader.Builder(JWSAlgorithm.RS256)
                .jwk(attacker.toPublicJWK()), claims(c -> c)));
        corpus.put("RS256 with jku", rsa(attacker, new JWSHeader.Builder(JWSAlgorithm.RS256)
                .jwkURL(URI.create("http://localhost:" + port + "/.well-known/jwks.json")), claims(c -> c)));
        corpus.put("RS256 with x5u", rsa(attacker, new JWSHeader.Builder(JWSAlgorithm.RS256)
                .x509CertURL(URI.create("http://localhost:" + port + "/cert.pem")), claims(c -> c)));
        String offered = unsigned("{\"alg\":\"HS256\",\"jwk\":{\"kty\":\"oct\",\"k\":\""
                + Base64URL.encode(otherKey) + "\"}}", claims(c -> c));
        corpus.put("HS256 under a key offered in its jwk header", offered + "." + macSha256(otherKey, offered));
        corpus.put("RS/HS confusion: RS256 header, HMAC signature", unsigned("{\"alg\":\"RS256\"}", claims(c -> c))
                + "." + hmac(ourKey, JWSAlgorithm.HS256, claims(c -> c)).split("\\.")[2]);
        corpus.put("expired two minutes ago", hmac(ourKey, JWSAlgorithm.HS256, claims(c -> c
                .issueTime(Date.from(Instant.now().minusSeconds(600)))
                .expirationTime(Date.from(Instant.now().minusSeconds(120))))));
        corpus.put("not valid for five minutes", hmac(ourKey, JWSAlgorithm.HS256, claims(c -> c
                .notBeforeTime(Date.from(Instant.now().plusSeconds(300))))));
        corpus.put("wrong audience", hmac(ourKey, JWSAlgorithm.HS256, claims(c -> c.audience("someone-else"))));
        corpus.put("no audience", hmac(ourKey, JWSAlgorithm.HS256, claims(c -> c.audience((String) null))));
        corpus.put("wrong issuer", hmac(ourKey, JWSAlgorithm.HS256, claims(c -> c.issuer("https://evil.example"))));
        String genuine = ownerToken();
        String[] parts = genuine.split("\\.");
        corpus.put("claims edited after signing", parts[0] + "." + Base64URL.encode(new String(
                Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace(demo.ownerMemberId(), UUID.randomUUID().toString())) + "." + parts[2]);
        corpus.put("signature removed", parts[0] + "." + parts[1] + ".");
        corpus.put("signature truncated", parts[0] + "." + parts[1] + "." + parts[2].substring(0, 20));
        corpus.put("not a JWT", "definitely-not-a-token");
        return corpus;
    }

    private JWTClaimsSet claims(UnaryOperator<JWTClaimsSet.Builder> change) {
        Instant now = Instant.now();
        return change.apply(new JWTClaimsSet.Builder().issuer(LocalTokens.ISSUER).audience(LocalTokens.AUDIENCE)
                .subject(demo.ownerMemberId()).jwtID(UUID.randomUUID().toString()).issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(600))).claim("ws", demo.workspaceId())
                .claim("email", demo.ownerEmail()).claim("sl_operator", true)).build();
    }

    private static String hmac(byte[] key, JWSAlgorithm algorithm, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).type(JOSEObjectType.JWT).build(), claims);
        jwt.sign(new MACSigner(key));
        return jwt.serialize();
    }

    private static String macSha256(byte[] key, String signingInput) throws Exception {
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(key, "HmacSHA256"));
        return Base64URL.encode(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII))).toString();
    }

    private static String rsa(RSAKey key, JWSHeader.Builder header, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(header.keyID(key.getKeyID()).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private static String unsigned(String header, JWTClaimsSet claims) {
        return Base64URL.encode(header) + "." + Base64URL.encode(claims.toString());
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = new byte[first.length + second.length];
        System.arraycopy(first, 0, both, 0, first.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    private HttpResponse<String> post(String path, String token, String body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}

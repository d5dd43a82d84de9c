package io.secretledger.bench;

import io.secretledger.infra.dev.LocalTokens;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.caching.WeakReferenceCache;
import org.axonframework.config.AggregateConfigurer;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.serialization.json.JacksonSerializer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.graphql.GraphQlAutoConfiguration;
import org.springframework.boot.autoconfigure.graphql.servlet.GraphQlWebMvcAutoConfiguration;
import org.springframework.boot.autoconfigure.http.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.SecurityFilterAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.DispatcherServletAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.ServletWebServerFactoryAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.WebMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.stereotype.Controller;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.Map;

/**
 * The floor of the stack a reveal runs on, as a baseline: Tomcat, Spring Security checking the same HS256 bearer
 * tokens as the service, Spring GraphQL executing a mutation shaped like {@code revealSecretField}, whose only work
 * is one bare durable append ({@link BareAppend.Appender}). What a reveal costs above this is ours; what this costs
 * above a bare append is the stack's.
 */
@SpringBootConfiguration
@ImportAutoConfiguration({ServletWebServerFactoryAutoConfiguration.class, DispatcherServletAutoConfiguration.class,
        WebMvcAutoConfiguration.class, HttpMessageConvertersAutoConfiguration.class, JacksonAutoConfiguration.class,
        SecurityAutoConfiguration.class, SecurityFilterAutoConfiguration.class, GraphQlAutoConfiguration.class,
        GraphQlWebMvcAutoConfiguration.class})
@Import(StackFloorApp.Appends.class)
public class StackFloorApp {

    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(StackFloorApp.class);
        application.setDefaultProperties(Map.of("spring.graphql.schema.locations", "classpath:floor/"));
        application.run(args);
    }

    @Bean
    LocalTokens floorTokens(@Value("${secretledger.data-dir}") Path dataDir) {
        return LocalTokens.loadOrCreate(dataDir.resolve("token.key"));
    }

    @Bean
    JwtDecoder floorJwtDecoder(LocalTokens tokens) {
        return tokens.decoder();
    }

    @Bean
    SecurityFilterChain floorSecurity(HttpSecurity http) throws Exception {
        return http.csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                .oauth2ResourceServer(server -> server.jwt(jwt -> { }))
                .build();
    }

    @Bean(destroyMethod = "close")
    BareAppend.Appender floorAppender(@Value("${secretledger.data-dir}") Path dataDir) {
        return new BareAppend.Appender(dataDir, 16);
    }

    /** Prints a token as the service does on its first start, where the benchmark reads it. */
    @Bean
    ApplicationRunner floorToken(LocalTokens tokens) {
        return arguments -> System.out.println(tokens.mint("floor", "floor", "floor@bench.local", Duration.ofHours(4)));
    }

    record AppendInput(String secretId, String fieldKey) {
    }

    record AppendPayload(String value) {
    }

    /**
     * Axon as the service uses it, with nothing of the service: the command gateway and bus, a unit of work, an
     * event-sourced aggregate from a cache applying one event to the same engine and database, then the same sync.
     */
    @Bean(destroyMethod = "shutdown")
    org.axonframework.config.Configuration floorAxon(BareAppend.Appender appender) {
        System.setProperty("axoniq.update-checker.disabled", "true");
        JacksonSerializer serializer =
                JacksonSerializer.defaultSerializer();
        org.axonframework.config.Configuration axon = DefaultConfigurer
                .defaultConfiguration(false)
                .configureSerializer(configuration -> serializer)
                .configureEmbeddedEventStore(configuration -> appender.engine())
                .configureAggregate(AggregateConfigurer
                        .defaultConfiguration(FloorAggregate.class)
                        .configureCache(configuration -> new WeakReferenceCache()))
                .buildConfiguration();
        axon.start();
        return axon;
    }

    record Touch(@TargetAggregateIdentifier String id, String fieldKey) {
    }

    record Touched(String id, String fieldKey) {
    }

    /** An aggregate like a secret being revealed: loaded (from the cache after its first command), one event. */
    static class FloorAggregate {

        @AggregateIdentifier
        private String id;

        FloorAggregate() {
        }

        @CommandHandler
        @CreationPolicy(
                AggregateCreationPolicy.CREATE_IF_MISSING)
        String handle(Touch command) {
            AggregateLifecycle.apply(new Touched(command.id(), command.fieldKey()));
            return command.fieldKey();
        }

        @EventSourcingHandler
        void on(Touched event) {
            id = event.id();
        }
    }

    @Controller
    static class Appends {

        private final BareAppend.Appender appender;
        private final CommandGateway commands;

        Appends(BareAppend.Appender appender, org.axonframework.config.Configuration floorAxon) {
            this.appender = appender;
            this.commands = floorAxon.commandGateway();
        }

        @MutationMapping
        AppendPayload append(@Argument AppendInput input) {
            appender.append(input.secretId() + "-" + System.nanoTime(), 0);
            return new AppendPayload(input.fieldKey());
        }

        @MutationMapping
        CompletableFuture<AppendPayload> appendThroughAxon(@Argument AppendInput input) {
            return commands.<String>send(new Touch(input.secretId(), input.fieldKey())).thenApply(value -> {
                appender.sync();
                return new AppendPayload(value);
            });
        }

        @QueryMapping
        double compilationMillis() {
            return ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
        }
    }
}

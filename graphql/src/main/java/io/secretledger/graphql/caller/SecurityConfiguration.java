package io.secretledger.graphql.caller;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationManagerResolver;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.web.SecurityFilterChain;

import java.time.Duration;
import java.util.List;
import java.util.Map;


/**
 * Bearer JWTs through Spring Security's resource server. GraphQL itself is open to anonymous requests so
 * that each field can answer UNAUTHENTICATED in GraphQL's own error format; a token that is present but
 * invalid (forged, expired, wrong issuer) is refused before GraphQL with 401 and the same code. Bearer
 * tokens starting with {@code slsa.} are service accounts' API tokens, checked by the workspace itself.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    /**
     * No observation per security filter, authentication and authorization: with observations merely disabled,
     * each filter was still wrapped in a decorator on every request (bench JFR of reveals).
     */
    @Bean
    SecurityObservationSettings noSecurityObservations() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    WebSecurityCustomizer firewallCharacters() {
        return web -> web.httpFirewall(FirewallCharacters.firewall());
    }

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http, ObjectMapper json, JwtDecoder jwtDecoder,
                                    CommandGateway commands) throws Exception {
        AuthenticationManager jwts = new ProviderManager(new JwtAuthenticationProvider(
                new CachedJwtDecoder(jwtDecoder, java.time.Clock.systemUTC())));
        AuthenticationManager apiTokens = new ProviderManager(new ServiceAccountTokens(commands, Duration.ofSeconds(10)));
        AuthenticationManagerResolver<HttpServletRequest> byKind = request -> {
            String header = request.getHeader("Authorization");
            return header != null && header.regionMatches(true, 0, "Bearer " + ServiceAccountTokens.PREFIX, 0,
                    7 + ServiceAccountTokens.PREFIX.length()) ? apiTokens : jwts;
        };
        AuthenticationEntryPoint unauthenticated = (request, response, exception) -> {
            response.setStatus(401);
            response.setContentType(MediaType.APPLICATION_JSON_VALUE);
            response.setHeader("WWW-Authenticate", "Bearer");
            json.writeValue(response.getOutputStream(), Map.of("errors", List.of(Map.of(
                    "message", "The bearer token is invalid or expired",
                    "extensions", Map.of("code", "UNAUTHENTICATED")))));
        };
        return http
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/graphql", "/graphiql", "/graphiql/**", "/actuator/health/**", "/error")
                        .permitAll()
                        // Issue 21: a contact's link pages; the token in the path is what opens them.
                        .requestMatchers("/share/**", "/collect/**").permitAll()
                        .anyRequest().authenticated())
                .oauth2ResourceServer(server -> server.authenticationManagerResolver(byKind)
                        .authenticationEntryPoint(unauthenticated))
                .exceptionHandling(handling -> handling.authenticationEntryPoint(unauthenticated))
                .build();
    }
}

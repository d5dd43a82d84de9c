package io.secretledger.infra.console;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

import java.util.Arrays;

/**
 * The console's pages and files are public (they hold no data: everything comes from the API with the person's
 * token), and each is served under a strict Content-Security-Policy: only this origin's scripts, styles and
 * connections (HTTP and graphql-transport-ws), nothing inline, no framing (ADR 0029). A chain of its own, before the
 * API's, so that the API's rules stay as they are and GraphiQL keeps its own page.
 */
@Configuration(proxyBeanMethods = false)
class ConsoleSecurity {

    static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; font-src 'self'; manifest-src 'self'; form-action 'self'; frame-ancestors 'none'; "
            + "base-uri 'none'";

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE + 100)
    SecurityFilterChain consoleChain(HttpSecurity http) throws Exception {
        RequestMatcher pages = new OrRequestMatcher(Arrays.stream(ConsolePages.ROUTES)
                .<RequestMatcher>map(route -> PathPatternRequestMatcher.withDefaults()
                        .matcher(HttpMethod.GET, route.replaceAll("\\{[^}]+}", "*")))
                .toList());
        RequestMatcher files = PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.GET, "/console/**");
        // Sign-in with the provider (ADR 0030): public, as the page that asks is; no cookie, so no CSRF surface.
        RequestMatcher signIn = new OrRequestMatcher(
                PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.GET, ConsoleProviderSignIn.CONFIG),
                PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, ConsoleProviderSignIn.TOKEN));
        return http
                .securityMatcher(new OrRequestMatcher(pages, files, signIn))
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .csrf(csrf -> csrf.disable())
                .requestCache(cache -> cache.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives(POLICY))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER))
                        .frameOptions(frame -> frame.deny()))
                .build();
    }
}

package io.secretledger.infra;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code SECRETLEDGER_LOG_FORMAT} (or {@code secretledger.log-format}): {@code json} gives one JSON object per log
 * line (Spring Boot's structured logging, Elastic Common Schema) for people who ship logs; {@code ecs},
 * {@code logstash} and {@code gelf} choose the schema; {@code text} (the default) keeps the console's lines. Set
 * before the logging system starts, which a placeholder in application.yml could not choose between.
 */
public final class LogFormat implements EnvironmentPostProcessor {

    private static final Set<String> STRUCTURED = Set.of("ecs", "logstash", "gelf");

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String format = environment.getProperty("secretledger.log-format", "text").strip().toLowerCase(Locale.ROOT);
        if (format.isEmpty() || format.equals("text")) {
            return;
        }
        String schema = format.equals("json") ? "ecs" : format;
        if (!STRUCTURED.contains(schema)) {
            throw new IllegalArgumentException("secretledger.log-format (SECRETLEDGER_LOG_FORMAT) takes text, json, "
                    + "ecs, logstash or gelf, not '" + format + "'");
        }
        environment.getPropertySources().addFirst(new MapPropertySource("secretledger-log-format",
                Map.of("logging.structured.format.console", schema)));
    }
}

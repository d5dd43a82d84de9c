package io.secretledger.infra;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LogFormatTest {

    @Test
    void jsonChoosesSpringBootsStructuredConsoleLogs() {
        assertThat(formatted("json")).isEqualTo("ecs");
        assertThat(formatted("LOGSTASH")).isEqualTo("logstash");
    }

    @Test
    void textKeepsTheConsolesLines() {
        assertThat(formatted("text")).isNull();
        assertThat(formatted("")).isNull();
    }

    @Test
    void anUnknownFormatIsRefusedNamingTheProperty() {
        assertThatThrownBy(() -> formatted("xml")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SECRETLEDGER_LOG_FORMAT").hasMessageContaining("'xml'");
    }

    private static String formatted(String format) {
        MockEnvironment environment = new MockEnvironment().withProperty("secretledger.log-format", format);
        new LogFormat().postProcessEnvironment(environment, null);
        return environment.getProperty("logging.structured.format.console");
    }
}

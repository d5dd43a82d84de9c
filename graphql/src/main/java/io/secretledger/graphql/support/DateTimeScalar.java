package io.secretledger.graphql.support;

import graphql.GraphQLContext;
import graphql.execution.CoercedVariables;
import graphql.language.StringValue;
import graphql.language.Value;
import graphql.schema.Coercing;
import graphql.schema.CoercingParseLiteralException;
import graphql.schema.CoercingParseValueException;
import graphql.schema.CoercingSerializeException;
import graphql.schema.GraphQLScalarType;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.graphql.execution.RuntimeWiringConfigurer;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** The {@code DateTime} scalar: ISO-8601 instants, with an offset on input, always UTC on output. */
@Configuration(proxyBeanMethods = false)
class DateTimeScalar {

    @Bean
    RuntimeWiringConfigurer dateTimeWiring() {
        GraphQLScalarType scalar = GraphQLScalarType.newScalar().name("DateTime")
                .description("An ISO-8601 instant").coercing(new InstantCoercing()).build();
        return wiring -> wiring.scalar(scalar);
    }

    private static final class InstantCoercing implements Coercing<Instant, String> {

        @Override
        public String serialize(Object value, GraphQLContext context, Locale locale) {
            if (value instanceof Instant instant) {
                return instant.toString();
            }
            throw new CoercingSerializeException("Not an instant");
        }

        @Override
        public Instant parseValue(Object input, GraphQLContext context, Locale locale) {
            if (input instanceof String text) {
                return parse(text, CoercingParseValueException::new);
            }
            throw new CoercingParseValueException("A DateTime is an ISO-8601 string such as 2026-11-23T10:15:30Z");
        }

        @Override
        public Instant parseLiteral(Value<?> input, CoercedVariables variables, GraphQLContext context,
                                    Locale locale) {
            if (input instanceof StringValue text) {
                return parse(text.getValue(), CoercingParseLiteralException::new);
            }
            throw new CoercingParseLiteralException("A DateTime is an ISO-8601 string such as 2026-11-23T10:15:30Z");
        }

        private static <E extends RuntimeException> Instant parse(String text,
                                                                  java.util.function.Function<String, E> error) {
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException e) {
                throw error.apply("A DateTime is an ISO-8601 string such as 2026-11-23T10:15:30Z");
            }
        }
    }
}

package io.secretledger.infra.embedded;

import org.axonframework.eventsourcing.eventstore.jdbc.AbstractEventTableFactory;

/** Axon's HSQL table DDL fails on H2 2.x; these are the H2 column types of the same schema. */
public final class H2EventTableFactory extends AbstractEventTableFactory {

    public static final H2EventTableFactory INSTANCE = new H2EventTableFactory();

    private H2EventTableFactory() {
    }

    @Override
    protected String idColumnType() {
        return "BIGINT AUTO_INCREMENT";
    }

    @Override
    protected String payloadType() {
        return "BLOB";
    }
}

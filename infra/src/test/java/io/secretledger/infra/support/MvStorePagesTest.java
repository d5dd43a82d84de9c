package io.secretledger.infra.support;

import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The storage search sees a value that a store's compression hid from the raw bytes. */
class MvStorePagesTest {

    @TempDir
    Path dir;

    @Test
    void findsAValueInACompressedPageOfTheProjectionStoresKind() throws Exception {
        String value = compressible();
        MVStore store = new MVStore.Builder().fileName(dir.resolve("p.mv").toString()).compress().open();
        MVMap<String, String> map = store.openMap("documents");
        map.put("a", value);
        store.commit();
        store.close();

        assertSearchSeesOnlyThroughTheExpandedPages(value);
    }

    @Test
    void findsAValueInACompressedPageOfTheEventStoresKind() throws Exception {
        String value = compressible();
        try (Connection connection = DriverManager.getConnection(
                "jdbc:h2:file:" + dir.resolve("events") + ";COMPRESS=TRUE", "sa", "");
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE t (v VARBINARY(10000))");
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO t VALUES (?)")) {
                insert.setBytes(1, value.getBytes(StandardCharsets.UTF_8));
                insert.execute();
            }
        }

        assertSearchSeesOnlyThroughTheExpandedPages(value);
    }

    @Test
    void aValueThatWasNeverStoredIsNotFound() throws Exception {
        MVStore store = new MVStore.Builder().fileName(dir.resolve("p.mv").toString()).compress().open();
        store.openMap("documents").put("a", compressible());
        store.commit();
        store.close();

        assertThat(Storage.filesContaining(dir, compressible())).isEmpty();
    }

    private void assertSearchSeesOnlyThroughTheExpandedPages(String value) throws Exception {
        byte[] needle = value.getBytes(StandardCharsets.UTF_8);
        try (var files = Files.list(dir)) {
            for (Path file : files.toList()) {
                assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1))
                        .as("raw bytes of " + file).doesNotContain(value);
            }
        }
        assertThat(Storage.filesContaining(dir, needle)).isNotEmpty();
    }

    /** A value LZF rewrites: its second half repeats the first, which becomes a back-reference. */
    private static String compressible() {
        String half = "canary-" + UUID.randomUUID() + "-" + UUID.randomUUID();
        return half + half + half;
    }
}

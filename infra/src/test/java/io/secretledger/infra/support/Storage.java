package io.secretledger.infra.support;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import org.bson.Document;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Reads what the application stored, the way an attacker with the disk would: raw, without the application. */
public final class Storage {

    private Storage() {
    }

    public static long countEvents(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM DomainEventEntry")) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every event as "type: payload-json", in order. */
    public static List<String> eventPayloads(DataSource dataSource) {
        List<String> payloads = new ArrayList<>();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(
                     "SELECT payloadType, payload, metaData FROM DomainEventEntry ORDER BY globalIndex")) {
            while (rows.next()) {
                payloads.add(rows.getString(1) + ": " + new String(rows.getBytes(2), StandardCharsets.UTF_8) + " "
                        + new String(rows.getBytes(3), StandardCharsets.UTF_8));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return payloads;
    }

    /** Every document of every collection of the projection database, as JSON. */
    public static List<String> projectionDocuments(MongoClient client, String database) {
        List<String> documents = new ArrayList<>();
        MongoDatabase db = client.getDatabase(database);
        for (String collection : db.listCollectionNames()) {
            for (Document document : db.getCollection(collection).find()) {
                documents.add(collection + ": " + document.toJson());
            }
        }
        return documents;
    }

    /** The files under the directory whose raw bytes contain the text (in UTF-8). */
    public static List<Path> filesContaining(Path directory, String text) {
        return filesContaining(directory, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Every file under the directory whose bytes hold the sequence anywhere: raw, or in a compressed page of an
     * MVStore file once expanded (both embedded stores compress their pages).
     */
    public static List<Path> filesContaining(Path directory, byte[] needle) {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).filter(file -> {
                byte[] bytes = read(file);
                return contains(bytes, needle) || contains(MvStorePages.expanded(bytes), needle);
            }).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}

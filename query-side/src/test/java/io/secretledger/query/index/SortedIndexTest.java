package io.secretledger.query.index;

import com.mongodb.client.MongoCollection;
import io.secretledger.query.support.InMemoryMongo;
import io.secretledger.query.index.SortedIndex.Entry;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

class SortedIndexTest {

    private InMemoryMongo store;
    private MongoCollection<Document> collection;
    private SortedIndex index;

    @BeforeEach
    void setUp() {
        store = new InMemoryMongo();
        collection = store.client().getDatabase("test").getCollection("index");
        index = new SortedIndex(collection);
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    @Test
    void keepsTheSameEntriesAsASortedSetThroughAddsRemovesAndSplits() {
        Random random = new Random(42);
        TreeSet<Entry> model = new TreeSet<>();
        for (int i = 0; i < 3000; i++) {
            Entry entry = new Entry("name-" + random.nextInt(1500), "id-" + random.nextInt(3));
            if (random.nextInt(4) == 0) {
                index.remove("s", entry.key(), entry.id());
                model.remove(entry);
            } else {
                index.add("s", entry.key(), entry.id());
                model.add(entry);
            }
        }
        assertThat(model.size()).isGreaterThan(3 * SortedIndex.MAX_BUCKET);
        assertThat(read(index.after("s", null))).containsExactlyElementsOf(model);
        Entry middle = new ArrayList<>(model).get(model.size() / 2);
        assertThat(read(index.after("s", middle))).containsExactlyElementsOf(model.tailSet(middle, false));
        Entry absent = new Entry("name-0500x", "");
        assertThat(read(index.after("s", absent))).containsExactlyElementsOf(model.tailSet(absent, false));
        assertThat(read(index.after("other", null))).isEmpty();
    }

    @Test
    void aWriterThatKeepsWhatItWroteLeavesTheSameStoreForAnyReader() {
        SortedIndex writer = new SortedIndex(collection, true);
        Random random = new Random(7);
        TreeSet<Entry> model = new TreeSet<>();
        for (int i = 0; i < 3000; i++) {
            Entry entry = new Entry("name-" + random.nextInt(1500), "id-" + random.nextInt(3));
            if (random.nextInt(4) == 0) {
                writer.remove("s", entry.key(), entry.id());
                model.remove(entry);
            } else {
                writer.add("s", entry.key(), entry.id());
                model.add(entry);
            }
        }
        assertThat(read(new SortedIndex(collection).after("s", null))).containsExactlyElementsOf(model);
        writer.clear();
        writer.add("s", "a", "1");
        assertThat(read(new SortedIndex(collection).after("s", null))).containsExactly(new Entry("a", "1"));
    }

    @Test
    void addingTwiceAndRemovingWhatIsAbsentChangeNothing() {
        index.add("s", "b", "1");
        index.add("s", "b", "1");
        index.remove("s", "a", "9");
        index.remove("never", "a", "9");
        assertThat(read(index.after("s", null))).containsExactly(new Entry("b", "1"));
        assertThat(collection.countDocuments()).isEqualTo(2);
    }

    @Test
    void aReaderGoesOnInOrderWhileTheBucketsAheadOfItSplit() {
        for (int i = 0; i < SortedIndex.MAX_BUCKET; i++) {
            index.add("s", key(i * 2), "x");
        }
        Iterator<Entry> reader = index.after("s", null);
        List<Entry> seen = new ArrayList<>(List.of(reader.next(), reader.next()));
        // The bucket the reader is in splits and is deleted; the reader must neither repeat nor skip.
        for (int i = 0; i < SortedIndex.MAX_BUCKET; i++) {
            index.add("s", key(i * 2 + 1), "x");
        }
        reader.forEachRemaining(seen::add);
        assertThat(seen).isSorted().doesNotHaveDuplicates();
        List<Entry> everyEven = new ArrayList<>();
        for (int i = 0; i < SortedIndex.MAX_BUCKET; i++) {
            everyEven.add(new Entry(key(i * 2), "x"));
        }
        assertThat(seen).containsAll(everyEven);
    }

    @Test
    void leftoversOfAnInterruptedSplitAreNeverRead() {
        for (int i = 0; i <= SortedIndex.MAX_BUCKET; i++) {
            index.add("s", key(i), "x");
        }
        // A crash between the directory write and the delete leaves the old bucket behind; so does one
        // before the directory write, with the two new buckets unreferenced.
        collection.insertOne(new Document("_id", "b|s|0").append("k", List.of(key(1), key(300)))
                .append("i", List.of("x", "x")));
        collection.insertOne(new Document("_id", "b|s|9").append("k", List.of(key(2))).append("i", List.of("y")));
        assertThat(read(index.after("s", null))).hasSize(SortedIndex.MAX_BUCKET + 1).isSorted()
                .doesNotHaveDuplicates();
    }

    @Test
    void theUnionOfTwoSetsHoldsEachEntryOnceInOrder() {
        index.add("a", "k1", "1");
        index.add("a", "k3", "3");
        index.add("b", "k2", "2");
        index.add("b", "k3", "3");
        assertThat(read(SortedIndex.union(index.after("a", null), index.after("b", null))))
                .containsExactly(new Entry("k1", "1"), new Entry("k2", "2"), new Entry("k3", "3"));
    }

    private static String key(int i) {
        return "name-%05d".formatted(i);
    }

    private static List<Entry> read(Iterator<Entry> iterator) {
        List<Entry> entries = new ArrayList<>();
        iterator.forEachRemaining(entries::add);
        return entries;
    }
}

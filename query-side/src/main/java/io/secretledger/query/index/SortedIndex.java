package io.secretledger.query.index;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import org.bson.Document;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Named sorted sets of {@link Entry entries} kept in MongoDB and read through lookups by {@code _id} alone.
 * <p>
 * Why: the embedded store of the default profile builds no secondary index, so every sorted, filtered query
 * reads and sorts a whole collection (a first page of 50,000 secrets took 120 ms or more); lookups by id use
 * its id index on every backend. Each set is a directory document holding the lower bound of each bucket and
 * bucket documents of at most {@link #MAX_BUCKET} sorted entries; reading a page from any position costs the
 * directory and one or two buckets, whatever the size of the set.
 * <p>
 * Writes are idempotent (adding a present entry or removing an absent one changes nothing), so a projection
 * may redo them after a crash. A full bucket splits copy-on-write: two new buckets are written, then the
 * directory, then the old bucket is deleted; a crash in between leaves at most an unreferenced bucket, and a
 * reader that finds its bucket gone reads the directory again. Readers clip each bucket to its bounds, so
 * an entry is never read twice. Writers are serialised within the process; one projection thread is the
 * only writer of a set (the processors here run one segment).
 */
public final class SortedIndex {

    static final int MAX_BUCKET = 256;

    private static final int CACHED_BUCKETS = 4_096;

    private final MongoCollection<Document> collection;
    private final Object writes = new Object();
    /**
     * What this process last wrote, so that a write need not read the directory and the bucket back: only when
     * this process is the sole writer of the collection for as long as it runs (the default profile). A write
     * costs then one replace instead of two reads and a replace (bench JFR: the embedded store spent most of
     * its time on these documents).
     */
    private final boolean cacheWrites;
    private final Map<String, Directory> directories = new HashMap<>();
    private final Map<String, List<Entry>> buckets = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, List<Entry>> eldest) {
            return size() > CACHED_BUCKETS;
        }
    };

    public SortedIndex(MongoCollection<Document> collection) {
        this(collection, false);
    }

    /** @param cacheWrites true only where this process is the collection's sole writer while it runs */
    public SortedIndex(MongoCollection<Document> collection, boolean cacheWrites) {
        this.collection = collection;
        this.cacheWrites = cacheWrites;
    }

    /** One member of a set, ordered by key, then by id. */
    public record Entry(String key, String id) implements Comparable<Entry> {

        static final Entry LOWEST = new Entry("", "");

        @Override
        public int compareTo(Entry other) {
            int byKey = key.compareTo(other.key);
            return byKey != 0 ? byKey : id.compareTo(other.id);
        }
    }

    public void add(String set, String key, String id) {
        change(set, new Entry(key, id), true);
    }

    public void remove(String set, String key, String id) {
        change(set, new Entry(key, id), false);
    }

    /** Removes every set (a projection reset). */
    public void clear() {
        synchronized (writes) {
            directories.clear();
            buckets.clear();
            collection.deleteMany(new Document());
        }
    }

    /** The entries of a set after the given position (after null: from the first), in order, read lazily. */
    public Iterator<Entry> after(String set, Entry position) {
        return new Reader(set, position);
    }

    /** The ordered union of two ordered iterators, each entry once. */
    public static Iterator<Entry> union(Iterator<Entry> left, Iterator<Entry> right) {
        return new Iterator<>() {
            private Entry nextLeft = left.hasNext() ? left.next() : null;
            private Entry nextRight = right.hasNext() ? right.next() : null;

            @Override
            public boolean hasNext() {
                return nextLeft != null || nextRight != null;
            }

            @Override
            public Entry next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                int order = nextLeft == null ? 1 : nextRight == null ? -1 : nextLeft.compareTo(nextRight);
                Entry result = order <= 0 ? nextLeft : nextRight;
                if (order <= 0) {
                    nextLeft = left.hasNext() ? left.next() : null;
                }
                if (order >= 0) {
                    nextRight = right.hasNext() ? right.next() : null;
                }
                return result;
            }
        };
    }

    private void change(String set, Entry entry, boolean add) {
        synchronized (writes) {
            try {
                changeWritten(set, entry, add);
            } catch (RuntimeException e) {
                // A write that failed half-way leaves the cache ahead of the store: forget it, read afresh.
                directories.clear();
                buckets.clear();
                throw e;
            }
        }
    }

    private void changeWritten(String set, Entry entry, boolean add) {
        Directory directory = cacheWrites ? directories.get(set) : null;
        if (directory == null) {
            directory = Directory.read(collection, set);
        }
        if (directory == null) {
            if (add) {
                writeBucket(set, 0, List.of(entry));
                writeDirectory(new Directory(set, new ArrayList<>(List.of(Entry.LOWEST)),
                        new ArrayList<>(List.of(0)), 1));
            }
            return;
        }
        remember(directory);
        int slot = directory.slotOf(entry);
        List<Entry> cached = cacheWrites ? buckets.get(bucketId(set, directory.buckets.get(slot))) : null;
        List<Entry> entries = cached != null ? new ArrayList<>(cached)
                : directory.clip(slot, readBucket(set, directory.buckets.get(slot)));
        int at = Collections.binarySearch(entries, entry);
        if (add == at >= 0) {
            return;
        }
        if (add) {
            entries.add(-at - 1, entry);
        } else {
            entries.remove(at);
        }
        if (entries.size() <= MAX_BUCKET) {
            writeBucket(set, directory.buckets.get(slot), entries);
            return;
        }
        int half = entries.size() / 2;
        int lower = directory.next;
        int upper = directory.next + 1;
        writeBucket(set, lower, entries.subList(0, half));
        writeBucket(set, upper, entries.subList(half, entries.size()));
        int old = directory.buckets.set(slot, lower);
        directory.bounds.add(slot + 1, entries.get(half));
        directory.buckets.add(slot + 1, upper);
        directory.next += 2;
        writeDirectory(directory);
        buckets.remove(bucketId(set, old));
        collection.deleteOne(Filters.eq("_id", bucketId(set, old)));
    }

    private void writeDirectory(Directory directory) {
        directory.write(collection);
        remember(directory);
    }

    private void remember(Directory directory) {
        if (cacheWrites) {
            directories.put(directory.set, directory);
        }
    }

    private List<Entry> readBucket(String set, int bucket) {
        Document document = collection.find(Filters.eq("_id", bucketId(set, bucket))).first();
        if (document == null) {
            return null;
        }
        return entries(document);
    }

    /** The entries a bucket or directory document holds as two parallel arrays, keys and ids. */
    private static List<Entry> entries(Document document) {
        List<String> keys = document.getList("k", String.class);
        List<String> ids = document.getList("i", String.class);
        List<Entry> entries = new ArrayList<>(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            entries.add(new Entry(keys.get(i), ids.get(i)));
        }
        return entries;
    }

    private void writeBucket(String set, int bucket, List<Entry> entries) {
        Document document = new Document("_id", bucketId(set, bucket))
                .append("k", entries.stream().map(Entry::key).toList())
                .append("i", entries.stream().map(Entry::id).toList());
        collection.replaceOne(Filters.eq("_id", document.get("_id")), document, new ReplaceOptions().upsert(true));
        if (cacheWrites) {
            buckets.put(bucketId(set, bucket), List.copyOf(entries));
        }
    }

    private static String bucketId(String set, int bucket) {
        return "b|" + set + "|" + bucket;
    }

    /** The lower bound of each bucket, in order, the first being {@link Entry#LOWEST}. */
    private static final class Directory {

        private final String set;
        private final List<Entry> bounds;
        private final List<Integer> buckets;
        private int next;

        private Directory(String set, List<Entry> bounds, List<Integer> buckets, int next) {
            this.set = set;
            this.bounds = bounds;
            this.buckets = buckets;
            this.next = next;
        }

        static Directory read(MongoCollection<Document> collection, String set) {
            Document document = collection.find(Filters.eq("_id", "d|" + set)).first();
            if (document == null) {
                return null;
            }
            return new Directory(set, entries(document), new ArrayList<>(document.getList("b", Integer.class)),
                    document.getInteger("next"));
        }

        void write(MongoCollection<Document> collection) {
            Document document = new Document("_id", "d|" + set)
                    .append("k", bounds.stream().map(Entry::key).toList())
                    .append("i", bounds.stream().map(Entry::id).toList())
                    .append("b", buckets)
                    .append("next", next);
            collection.replaceOne(Filters.eq("_id", document.get("_id")), document,
                    new ReplaceOptions().upsert(true));
        }

        /** The slot of the bucket that holds (or would hold) the entry. */
        int slotOf(Entry entry) {
            int at = Collections.binarySearch(bounds, entry);
            return at >= 0 ? at : -at - 2;
        }

        /** The bucket's entries within its bounds: a bucket may hold leftovers of a split it lived through. */
        List<Entry> clip(int slot, List<Entry> entries) {
            List<Entry> clipped = new ArrayList<>();
            if (entries == null) {
                return clipped;
            }
            Entry upper = slot + 1 < bounds.size() ? bounds.get(slot + 1) : null;
            for (Entry entry : entries) {
                if (entry.compareTo(bounds.get(slot)) >= 0 && (upper == null || entry.compareTo(upper) < 0)) {
                    clipped.add(entry);
                }
            }
            return clipped;
        }
    }

    private final class Reader implements Iterator<Entry> {

        private final String set;
        private Entry last;
        private Directory directory;
        private int slot;
        private Iterator<Entry> buffered = Collections.emptyIterator();
        private boolean exhausted;

        Reader(String set, Entry position) {
            this.set = set;
            this.last = position;
            this.directory = Directory.read(collection, set);
            if (directory == null) {
                exhausted = true;
            } else {
                slot = last == null ? -1 : directory.slotOf(last) - 1;
            }
        }

        @Override
        public boolean hasNext() {
            while (!buffered.hasNext() && !exhausted) {
                if (slot + 1 >= directory.buckets.size()) {
                    exhausted = true;
                    break;
                }
                List<Entry> entries = readBucket(set, directory.buckets.get(slot + 1));
                if (entries == null) {
                    // Split under our feet: read the directory again and go on from the last entry returned.
                    directory = Directory.read(collection, set);
                    if (directory == null) {
                        exhausted = true;
                        break;
                    }
                    slot = last == null ? -1 : directory.slotOf(last) - 1;
                    continue;
                }
                slot++;
                List<Entry> fresh = new ArrayList<>();
                for (Entry entry : directory.clip(slot, entries)) {
                    if (last == null || entry.compareTo(last) > 0) {
                        fresh.add(entry);
                    }
                }
                buffered = fresh.iterator();
            }
            return buffered.hasNext();
        }

        @Override
        public Entry next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            last = buffered.next();
            return last;
        }
    }
}

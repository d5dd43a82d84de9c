package io.secretledger.infra.support;

import org.h2.compress.CompressDeflate;
import org.h2.compress.CompressLZF;
import org.h2.compress.Compressor;
import org.h2.mvstore.DataUtils;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The compressed pages of an MVStore file (the event store's {@code events.mv.db}, the projection store's
 * {@code projections.mv}) expanded, as anyone with the file and H2's format could: both stores compress their pages,
 * so a search of the raw bytes alone would not see a value that reached them. Every chunk whose header is still in
 * the file is read, live or dead, and every offset in it that carries a valid page header (the check value ties it to
 * its chunk, offset and length) is expanded; a chunk whose header was overwritten is unreadable to H2 as well.
 */
final class MvStorePages {

    private static final int BLOCK = 4096;
    private static final byte[] CHUNK = "chunk:".getBytes(StandardCharsets.ISO_8859_1);

    private MvStorePages() {
    }

    /** The expanded contents of every compressed page, one after another; empty for a file that is no MVStore. */
    static byte[] expanded(byte[] file) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (file.length < BLOCK || file[0] != 'H' || file[1] != ':') {
            return out.toByteArray();
        }
        for (long start = 0; start + BLOCK <= file.length; start += BLOCK) {
            if (!startsWith(file, (int) start)) {
                continue;
            }
            int id = field(file, (int) start, "chunk");
            int blocks = field(file, (int) start, "len");
            if (id < 0 || blocks <= 0) {
                continue;
            }
            int end = (int) Math.min(file.length, start + (long) blocks * BLOCK);
            for (int offset = 0; start + offset + 8 < end; offset++) {
                expandPage(file, (int) start, offset, end, id, out);
            }
        }
        return out.toByteArray();
    }

    private static void expandPage(byte[] file, int chunkStart, int offset, int end, int chunkId,
                                   ByteArrayOutputStream out) {
        ByteBuffer page = ByteBuffer.wrap(file, chunkStart + offset, end - chunkStart - offset);
        int length = page.getInt();
        if (length < 8 || length > end - chunkStart - offset) {
            return;
        }
        short check = page.getShort();
        short expected = (short) (DataUtils.getCheckValue(chunkId) ^ DataUtils.getCheckValue(offset)
                ^ DataUtils.getCheckValue(length));
        if (check != expected) {
            return;
        }
        try {
            page.limit(chunkStart + offset + length);
            DataUtils.readVarInt(page); // page number
            DataUtils.readVarInt(page); // map id
            int keys = DataUtils.readVarInt(page);
            int type = page.get();
            if ((type & DataUtils.PAGE_COMPRESSED) == 0 || keys < 0) {
                return; // not compressed: the raw search sees it
            }
            if ((type & 1) == DataUtils.PAGE_TYPE_NODE) {
                page.position(page.position() + (keys + 1) * Long.BYTES);
                for (int i = 0; i <= keys; i++) {
                    DataUtils.readVarLong(page);
                }
            }
            int added = DataUtils.readVarInt(page);
            int compressed = page.remaining();
            byte[] expanded = new byte[compressed + added];
            Compressor compressor = (type & DataUtils.PAGE_COMPRESSED_HIGH) == DataUtils.PAGE_COMPRESSED_HIGH
                    ? new CompressDeflate() : new CompressLZF();
            compressor.expand(file, page.position(), compressed, expanded, 0, expanded.length);
            out.write(expanded, 0, expanded.length);
            out.write(0);
        } catch (RuntimeException notAPage) {
            // a check value matched by chance at an offset that holds no page
        }
    }

    private static boolean startsWith(byte[] file, int start) {
        for (int i = 0; i < CHUNK.length; i++) {
            if (file[start + i] != CHUNK[i]) {
                return false;
            }
        }
        return true;
    }

    /** A hexadecimal field of the chunk header at the block ("chunk:1a,len:3,..."), or -1. */
    private static int field(byte[] file, int start, String name) {
        int lineEnd = start;
        while (lineEnd < file.length && lineEnd - start < 1024 && file[lineEnd] != '\n' && file[lineEnd] != 0) {
            lineEnd++;
        }
        String header = new String(file, start, lineEnd - start, StandardCharsets.ISO_8859_1).trim();
        for (String entry : header.split(",")) {
            int colon = entry.indexOf(':');
            if (colon > 0 && entry.substring(0, colon).equals(name)) {
                try {
                    return Integer.parseInt(entry.substring(colon + 1), 16);
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
        }
        return -1;
    }
}

package io.mitogen.core.internal.classloading;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

import io.mitogen.core.CodecException;
import io.mitogen.core.internal.wire.Codec;

/**
 * The answers to {@code GET_CLASS} and {@code GET_RESOURCE}, written with the payload codec's raw
 * writer (no class names on the wire become types: everything is ints, strings and bytes).
 *
 * <pre>
 * class answer:    int format(1)
 *                  int n, n * string origin                 (code source roots, indexed below)
 *                  int p, p * (string package, 6 * string)  (manifest attributes, once per child)
 *                  int c, c * (string name, int origin, int length)
 *                  int rawLength, byte[] deflate(class files, concatenated)
 * resource answer: int r, r * (string url, byte[] content)
 * </pre>
 *
 * The requested class comes first when the parent has it; every other class is a preloaded
 * extra. Class files are deflated together: they share most constant pool strings, so one
 * stream compresses them far better than one each, which matters on slow links.
 */
final class ClassAnswer {

    private static final int FORMAT = 1;

    final List<Item> classes;

    final Map<String, String[]> packages;

    private ClassAnswer(List<Item> classes, Map<String, String[]> packages) {
        this.classes = classes;
        this.packages = packages;
    }

    /**
     * Collects the classes of one answer, deflating each as it is added so that the preload
     * budget can be held against the bytes that will really cross the wire.
     */
    static final class Builder {

        final List<Item> classes = new ArrayList<>();

        // Fastest level: most of the gain at a fraction of the time; the answer is on the critical path.
        private final Deflater deflater = new Deflater(Deflater.BEST_SPEED);

        private final ByteArrayOutputStream packed = new ByteArrayOutputStream(64 * 1024);

        private final byte[] chunk = new byte[16 * 1024];

        private int raw;

        void add(Item item) {
            this.classes.add(item);
            this.raw += item.bytes.length;
            this.deflater.setInput(item.bytes);
            drain(Deflater.SYNC_FLUSH);
        }

        /** Compressed bytes so far. */
        int packedSize() {
            return this.packed.size();
        }

        /** The answer; the builder is spent. */
        byte[] encode(Codec codec, Map<String, String[]> packages) {
            try {
                this.deflater.finish();
                drain(Deflater.NO_FLUSH);
            }
            finally {
                this.deflater.end();
            }
            Codec.Writer out = codec.writer().writeInt(FORMAT);
            Map<String, Integer> originIndex = new LinkedHashMap<>();
            for (Item item : this.classes) {
                originIndex.putIfAbsent(item.origin, originIndex.size());
            }
            out.writeInt(originIndex.size());
            for (String origin : originIndex.keySet()) {
                out.writeString(origin);
            }
            out.writeInt(packages.size());
            for (Map.Entry<String, String[]> entry : packages.entrySet()) {
                out.writeString(entry.getKey());
                for (int i = 0; i < 6; i++) {
                    out.writeString(entry.getValue()[i]);
                }
            }
            out.writeInt(this.classes.size());
            for (Item item : this.classes) {
                out.writeString(item.name).writeInt(originIndex.get(item.origin)).writeInt(item.bytes.length);
            }
            return out.writeInt(this.raw).write(this.packed.toByteArray()).toByteArray();
        }

        private void drain(int flush) {
            int n;
            do {
                n = this.deflater.deflate(this.chunk, 0, this.chunk.length, flush);
                this.packed.write(this.chunk, 0, n);
            } while (n == this.chunk.length || (flush == Deflater.NO_FLUSH && !this.deflater.finished()));
        }
    }

    static ClassAnswer decode(Codec codec, byte[] payload) {
        if (payload == null) {
            return new ClassAnswer(Collections.emptyList(), Collections.emptyMap());
        }
        Codec.Reader in = codec.reader(payload, 0, payload.length);
        int format = in.readInt();
        if (format != FORMAT) {
            throw new CodecException("class answer in format " + format + ", expected " + FORMAT);
        }
        String[] origins = new String[count(in)];
        for (int i = 0; i < origins.length; i++) {
            origins[i] = in.readString();
        }
        int packageCount = count(in);
        Map<String, String[]> packages = new HashMap<>();
        for (int i = 0; i < packageCount; i++) {
            String name = in.readString();
            String[] attributes = new String[6];
            for (int j = 0; j < 6; j++) {
                attributes[j] = in.readString();
            }
            packages.put(name, attributes);
        }
        int classCount = count(in);
        String[] names = new String[classCount];
        int[] originOf = new int[classCount];
        int[] lengths = new int[classCount];
        for (int i = 0; i < classCount; i++) {
            names[i] = in.readString();
            originOf[i] = in.readInt();
            lengths[i] = in.readInt();
        }
        int raw = in.readInt();
        byte[] all = inflate((byte[]) in.read(byte[].class), raw);
        in.expectEnd();
        List<Item> classes = new ArrayList<>(classCount);
        int at = 0;
        for (int i = 0; i < classCount; i++) {
            if (lengths[i] < 0 || lengths[i] > raw - at || originOf[i] < 0 || originOf[i] >= origins.length) {
                throw new CodecException("class answer entry " + names[i] + " does not fit the answer");
            }
            byte[] bytes = new byte[lengths[i]];
            System.arraycopy(all, at, bytes, 0, bytes.length);
            at += bytes.length;
            classes.add(new Item(names[i], bytes, origins[originOf[i]]));
        }
        return new ClassAnswer(classes, packages);
    }

    static byte[] encodeResources(Codec codec, List<Item> resources) {
        Codec.Writer out = codec.writer().writeInt(resources.size());
        for (Item item : resources) {
            out.writeString(item.origin).write(item.bytes);
        }
        return out.toByteArray();
    }

    static List<Item> decodeResources(Codec codec, String name, byte[] payload) {
        if (payload == null) {
            return Collections.emptyList();
        }
        Codec.Reader in = codec.reader(payload, 0, payload.length);
        int count = count(in);
        List<Item> resources = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String url = in.readString();
            resources.add(new Item(name, (byte[]) in.read(byte[].class), url));
        }
        in.expectEnd();
        return Collections.unmodifiableList(resources);
    }

    private static int count(Codec.Reader in) {
        int n = in.readInt();
        if (n < 0 || n > 1_000_000) {
            throw new CodecException("implausible count " + n + " in a class or resource answer");
        }
        return n;
    }

    private static byte[] inflate(byte[] packed, int rawLength) {
        if (rawLength < 0) {
            throw new CodecException("negative length in a class answer");
        }
        byte[] out = new byte[rawLength];
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(packed);
            int done = 0;
            while (done < rawLength) {
                int n = inflater.inflate(out, done, rawLength - done);
                if (n == 0 && (inflater.finished() || inflater.needsInput())) {
                    throw new CodecException("class answer is truncated");
                }
                done += n;
            }
            return out;
        }
        catch (DataFormatException ex) {
            throw new CodecException("class answer is corrupt: " + ex.getMessage());
        }
        finally {
            inflater.end();
        }
    }
}

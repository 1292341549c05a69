package io.mitogen.core;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.mitogen.core.internal.files.FileEngine;
import io.mitogen.core.internal.files.Sink;
import io.mitogen.core.internal.files.Summary;
import io.mitogen.core.internal.wire.Codec;
import io.mitogen.core.testing.HostileFileTasks;
import io.mitogen.core.testing.MitogenFixture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The master's receiving end (a pull) against a child that sends what it likes: entries that
 * leave the tree, writes through a link it planted, set-uid modes. A parent never trusts a child.
 */
class HostileFileSourceTests {

    @RegisterExtension
    static final MitogenFixture mitogen = MitogenFixture.withLocalChildren(1);

    static Router router;

    static Context child;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        router = mitogen.router();
        child = mitogen.child(0);
    }

    private final Codec codec = new Codec();

    private byte[] message(int kind, Codec.Writer body) {
        byte[] bytes = (body != null) ? body.toByteArray() : new byte[0];
        byte[] payload = new byte[bytes.length + 1];
        payload[0] = (byte) kind;
        System.arraycopy(bytes, 0, payload, 1, bytes.length);
        return payload;
    }

    private List<byte[]> file(String relative, int mode, byte[] content) throws Exception {
        List<byte[]> messages = new ArrayList<>();
        messages.add(message(4, this.codec.writer().writeString(relative).writeInt(mode).writeLong(0).writeLong(content.length)));
        messages.add(concat(new byte[] { 5 }, content));
        messages.add(message(6, this.codec.writer().writeString(FileTransferTests.sha256(content))));
        return messages;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = new byte[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    /** A master-side sink for a pull from the child, fed by the child's hostile messages. */
    private Summary receive(Path target, List<byte[]> messages) {
        FileEngine engine = new FileEngine(router.core, router.codec, router::knownContext, (id) -> true);
        Sink sink = new Sink(engine, child.id(), target, -1, false, true, true, true, null);
        List<byte[]> all = new ArrayList<>();
        // Its acknowledgements go to a handle the child never opened: this child does not listen.
        all.add(message(1, this.codec.writer().writeInt(Integer.MAX_VALUE).writeInt(1)));
        all.addAll(messages);
        all.add(message(7, null));
        child.call(HostileFileTasks::send, 0, sink.handle(), all);
        return sink.await();
    }

    @Test
    void anEntryLeavingTheTreeIsRefused() throws Exception {
        Path target = this.dir.resolve("pulled");
        assertThatThrownBy(() -> receive(target, file("../escaped", 0644, "x".getBytes())))
                .isInstanceOf(NotARegularFileException.class).hasMessageContaining("leave the tree");
        assertThat(Files.exists(this.dir.resolve("escaped"))).isFalse();
        assertThatThrownBy(() -> receive(target, file("/etc/evil", 0644, "x".getBytes())))
                .isInstanceOf(NotARegularFileException.class);
    }

    @Test
    void aPlantedLinkIsNeverWrittenThrough() throws Exception {
        Path outside = Files.createDirectories(this.dir.resolve("outside"));
        Path target = this.dir.resolve("pulled");
        List<byte[]> messages = new ArrayList<>();
        messages.add(message(3, this.codec.writer().writeString("link").writeString(outside.toString())));
        messages.addAll(file("link/evil", 0644, "owned".getBytes()));
        assertThatThrownBy(() -> receive(target, messages))
                .isInstanceOf(NotARegularFileException.class).hasMessageContaining("never written through");
        try (var names = Files.list(outside)) {
            assertThat(names).isEmpty();
        }
    }

    @Test
    void setUidBitsAreDroppedAndOnlyTheTreeIsWritten() throws Exception {
        Path target = this.dir.resolve("pulled");
        Summary summary = receive(target, file("tool", 06755, "#!/bin/sh\n".getBytes()));
        assertThat(summary.files).isEqualTo(1);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target.resolve("tool"))))
                .isEqualTo("rwxr-xr-x");
        assertThat((Integer) Files.getAttribute(target.resolve("tool"), "unix:mode") & 07000).isZero();
    }

    @Test
    void aLyingSizeOrDigestLeavesNothing() throws Exception {
        Path target = this.dir.resolve("pulled");
        List<byte[]> messages = new ArrayList<>();
        messages.add(message(4, this.codec.writer().writeString("f").writeInt(0644).writeLong(0).writeLong(3)));
        messages.add(concat(new byte[] { 5 }, "toolong".getBytes()));
        assertThatThrownBy(() -> receive(target, messages)).isInstanceOf(FileTransferException.class)
                .hasMessageContaining("more than the 3 bytes");
        List<byte[]> wrongDigest = file("g", 0644, "abc".getBytes());
        wrongDigest.set(2, message(6, this.codec.writer().writeString("00")));
        assertThatThrownBy(() -> receive(target, wrongDigest)).isInstanceOf(FileTransferException.class)
                .hasMessageContaining("SHA-256");
        assertThat(FileTransferTests.leftovers(this.dir)).isEmpty();
        assertThat(Files.exists(target.resolve("f"))).isFalse();
        assertThat(Files.exists(target.resolve("g"))).isFalse();
        // The router and the child carry on.
        assertThat(child.call(io.mitogen.core.testing.Tasks::add, 1, 1)).isEqualTo(2);
    }
}

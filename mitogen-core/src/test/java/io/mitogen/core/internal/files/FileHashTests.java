package io.mitogen.core.internal.files;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** A large file's digest from sha256sum is the JDK's, and an abandoned one leaves no process. */
class FileHashTests {

    @Test
    void theNativeAndTheJavaDigestOfALargeFileAgree() throws Exception {
        assumeTool();
        byte[] data = new byte[(int) FileHash.NATIVE_FROM + 12345];
        new Random(42).nextBytes(data);
        FileHash large = FileHash.forSize(data.length);
        assertThat(large.getClass().getSimpleName()).isEqualTo("Native");
        FileHash small = FileHash.forSize(1);
        assertThat(small.getClass().getSimpleName()).isEqualTo("InJava");
        for (int at = 0; at < data.length; at += 128 * 1024) {
            int length = Math.min(128 * 1024, data.length - at);
            large.update(data, at, length);
            small.update(data, at, length);
        }
        MessageDigest jdk = Digests.sha256();
        jdk.update(data);
        String expected = Digests.hex(jdk.digest());
        assertThat(large.finish()).isEqualTo(expected);
        assertThat(small.finish()).isEqualTo(expected);
        await("sha256sum ended").until(() -> hashers() == 0);
    }

    @Test
    void anAbandonedNativeDigestLeavesNoProcess() throws Exception {
        assumeTool();
        FileHash large = FileHash.forSize(FileHash.NATIVE_FROM);
        large.update(new byte[1000], 0, 1000);
        assertThat(hashers()).isEqualTo(1);
        large.abandon();
        await("sha256sum ended").until(() -> hashers() == 0);
    }

    private static long hashers() {
        return ProcessHandle.current().children().filter(ProcessHandle::isAlive)
                .filter((p) -> p.info().command().map((c) -> c.endsWith("sha256sum")).orElse(false)).count();
    }

    private static void assumeTool() {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/sha256sum")) || Files.isExecutable(Path.of("/bin/sha256sum")),
                "no sha256sum here: files are hashed in Java only");
    }
}

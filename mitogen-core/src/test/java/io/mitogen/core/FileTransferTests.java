package io.mitogen.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.mitogen.core.testing.MitogenFixture;
import io.mitogen.core.testing.Tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** router.files(): push, pull and fan-out of files and trees, against real child JVMs. */
class FileTransferTests {

    @RegisterExtension
    static final MitogenFixture mitogen = MitogenFixture.withLocalChildren(1);

    static Router router;

    static Context child;

    static Context grandchild;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        router = mitogen.router();
        child = mitogen.child(0);
        grandchild = router.local(LocalOptions.builder().via(child).build());
    }

    static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    static List<String> leftovers(Path directory) throws IOException {
        try (Stream<Path> all = Files.walk(directory)) {
            return all.map(Path::toString).filter((name) -> name.contains(".mitogen-")).collect(Collectors.toList());
        }
    }

    @Test
    void pushesOneFileAndBothEndsAgreeOnItsDigest() throws Exception {
        byte[] content = random(3 * 1024 * 1024 + 11);
        Path source = Files.write(this.dir.resolve("app.tar.gz"), content);
        Files.setPosixFilePermissions(source, PosixFilePermissions.fromString("rwxr-x---"));
        String target = this.dir.resolve("srv/app/app.tar.gz").toString();

        TransferResult result = router.files().push(source, child, target);

        assertThat(Files.readAllBytes(Path.of(target))).isEqualTo(content);
        assertThat(result.bytes()).isEqualTo(content.length);
        assertThat(result.files()).isEqualTo(1);
        assertThat(result.sha256()).isEqualTo(sha256(content));
        assertThat(result.context()).isSameAs(child);
        assertThat(result.elapsed()).isPositive();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(Path.of(target)))).isEqualTo("rwxr-x---");
        assertThat(leftovers(this.dir)).isEmpty();
    }

    @Test
    void pushesThroughAnIntermediateAndReplacesAtomically() throws Exception {
        Path target = this.dir.resolve("conf.txt");
        Files.writeString(target, "old");
        byte[] content = random(700_000);
        Path source = Files.write(this.dir.resolve("new.txt"), content);
        TransferResult result = router.files().push(source, grandchild, target.toString());
        assertThat(Files.readAllBytes(target)).isEqualTo(content);
        assertThat(result.sha256()).isEqualTo(sha256(content));
    }

    @Test
    void modeAndModificationTimeFromTheOptions() throws Exception {
        Path source = Files.write(this.dir.resolve("a.bin"), random(1000));
        FileTime then = FileTime.fromMillis(1_600_000_000_000L);
        Files.setLastModifiedTime(source, then);
        List<String> events = new CopyOnWriteArrayList<>();
        TransferListener progress = new TransferListener() {
            @Override
            public void onProgress(Context context, String path, long bytesDone, long bytesTotal) {
                events.add(context.id() + " " + bytesDone + "/" + bytesTotal);
            }

            @Override
            public void onFileDone(Context context, String path, long bytes) {
                events.add("done " + bytes);
            }
        };
        Path target = this.dir.resolve("out/a.bin");
        router.files().push(source, child, target.toString(),
                TransferOptions.builder().mode(0640).preserveTimes(true).listener(progress).build());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target))).isEqualTo("rw-r-----");
        assertThat(Files.getLastModifiedTime(target)).isEqualTo(then);
        assertThat(events).contains(child.id() + " 1000/1000");

        Path plain = this.dir.resolve("out/b.bin");
        router.files().push(source, child, plain.toString());
        assertThat(Files.getLastModifiedTime(plain)).isNotEqualTo(then);
    }

    @Test
    void pushesATreeWithItsLinksAsLinks() throws Exception {
        Path site = Files.createDirectories(this.dir.resolve("site"));
        Files.write(site.resolve("index.html"), random(5000));
        Files.createDirectories(site.resolve("css/deep"));
        Files.write(site.resolve("css/deep/style.css"), random(300_000));
        Files.write(site.resolve("empty.txt"), new byte[0]);
        Files.createDirectories(site.resolve("void"));
        Files.createSymbolicLink(site.resolve("home.html"), Path.of("index.html"));
        Files.createSymbolicLink(site.resolve("outside"), Path.of("/etc"));
        Path target = this.dir.resolve("srv/site");

        TransferResult result = router.files().push(site, child, target.toString());

        assertThat(result.files()).isEqualTo(3);
        assertThat(result.bytes()).isEqualTo(305_000);
        assertThat(Files.readAllBytes(target.resolve("css/deep/style.css"))).isEqualTo(random(300_000));
        assertThat(Files.size(target.resolve("empty.txt"))).isZero();
        assertThat(Files.isDirectory(target.resolve("void"))).isTrue();
        assertThat(Files.readSymbolicLink(target.resolve("home.html"))).isEqualTo(Path.of("index.html"));
        // Copied as a link: /etc was not followed, nothing of it was copied.
        assertThat(Files.readSymbolicLink(target.resolve("outside"))).isEqualTo(Path.of("/etc"));
        assertThat(leftovers(this.dir)).isEmpty();
    }

    @Test
    void pullsAFileAndATree() throws Exception {
        byte[] content = random(2_000_000);
        Path remote = Files.write(this.dir.resolve("app.log"), content);
        Path local = this.dir.resolve("logs/web1.log");
        TransferResult result = router.files().pull(child, remote.toString(), local);
        assertThat(Files.readAllBytes(local)).isEqualTo(content);
        assertThat(result.sha256()).isEqualTo(sha256(content));
        assertThat(result.context()).isSameAs(child);

        Path tree = Files.createDirectories(this.dir.resolve("var/app"));
        Files.write(tree.resolve("one"), random(10));
        Files.createDirectories(tree.resolve("sub"));
        Files.write(tree.resolve("sub/two"), random(20));
        TransferResult pulled = router.files().pull(grandchild, tree.toString(), this.dir.resolve("copy"));
        assertThat(pulled.files()).isEqualTo(2);
        assertThat(Files.readAllBytes(this.dir.resolve("copy/sub/two"))).isEqualTo(random(20));
    }

    @Test
    void fansOutToEveryContextOfAFleet() throws Exception {
        byte[] content = random(1_500_000);
        Path source = Files.write(this.dir.resolve("artifact"), content);
        Map<Context, TransferResult> all = router.files().push(source, List.of(child, grandchild),
                this.dir.resolve("fleet/artifact").toString());
        assertThat(all).containsOnlyKeys(child, grandchild);
        assertThat(all.values()).allSatisfy((r) -> assertThat(r.sha256()).isEqualTo(sha256(content)));
    }

    @Test
    void overwriteFalseKeepsTheOldFile() throws Exception {
        Path target = Files.writeString(this.dir.resolve("keep.txt"), "old");
        Path source = Files.write(this.dir.resolve("src.txt"), random(100));
        assertThatThrownBy(() -> router.files().push(source, child, target.toString(),
                TransferOptions.builder().overwrite(false).build()))
                .isInstanceOf(TargetExistsException.class)
                .hasMessageContaining(child.name()).hasMessageContaining(target.toString());
        assertThat(Files.readString(target)).isEqualTo("old");
        assertThat(leftovers(this.dir)).isEmpty();
        assertThat(child.call(Tasks::add, 1, 2)).isEqualTo(3);
    }

    @Test
    void createDirectoriesFalseRefusesAMissingDirectory() throws Exception {
        Path source = Files.write(this.dir.resolve("src.txt"), random(100));
        Path target = this.dir.resolve("missing/dir/file.txt");
        assertThatThrownBy(() -> router.files().push(source, child, target.toString(),
                TransferOptions.builder().createDirectories(false).build()))
                .isInstanceOf(TargetDirectoryMissingException.class)
                .hasMessageContaining(child.name()).hasMessageContaining(target.getParent().toString());
        assertThat(Files.exists(target.getParent())).isFalse();
    }

    @Test
    void aDirectoryWhereAFileIsExpectedIsRefused() throws Exception {
        Path source = Files.write(this.dir.resolve("src.txt"), random(100));
        Path directory = Files.createDirectories(this.dir.resolve("adir"));
        assertThatThrownBy(() -> router.files().push(source, child, directory.toString()))
                .isInstanceOf(NotARegularFileException.class).hasMessageContaining(directory.toString());
        assertThatThrownBy(() -> router.files().push(Path.of("/dev/null"), child, this.dir.resolve("n").toString()))
                .isInstanceOf(NotARegularFileException.class).hasMessageContaining("/dev/null");
        assertThat(leftovers(this.dir)).isEmpty();
        assertThat(Files.exists(this.dir.resolve("n"))).isFalse();
    }

    @Test
    void aMissingSourceNamesItself() {
        Path missing = this.dir.resolve("no-such-file");
        assertThatThrownBy(() -> router.files().push(missing, child, this.dir.resolve("x").toString()))
                .isInstanceOf(FileTransferException.class).hasMessageContaining(missing.toString());
        assertThatThrownBy(() -> router.files().pull(child, missing.toString(), this.dir.resolve("y")))
                .isInstanceOf(FileTransferException.class).hasMessageContaining(missing.toString());
        assertThat(Files.exists(this.dir.resolve("y"))).isFalse();
    }
}

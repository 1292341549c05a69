package io.mitogen.core;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.mitogen.core.testing.FakeSshTasks;
import io.mitogen.core.testing.MitogenFixture;
import io.mitogen.core.testing.Peers;
import io.mitogen.core.testing.Testbed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * FakeSsh.run with the real tools (rsync, scp, sftp, git) to each kind of destination: a local
 * child, a sudo account (the testbed's mitotest), the podman container (no sshd in it), and a
 * host behind a bastion (the network namespace hosts, the tool run by a sibling of the bastion,
 * so the master opens its sessions). Each destination is skipped, saying why, when absent.
 */
class FakeSshTests {

    @RegisterExtension
    static final MitogenFixture mitogen = MitogenFixture.create();

    static Router router;

    static final Map<String, Context[]> peers = new ConcurrentHashMap<>();

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        router = mitogen.router();
    }

    static void assumeTool(String tool) {
        assumeTrue(Peers.succeeds("sh", "-c", "command -v " + tool), tool + " is not installed here (.ci/run installs it)");
    }

    /** {@code [runner (null: the master), destination]} for a kind of destination, or a skip. */
    static Context[] peer(String kind) throws IOException {
        switch (kind) {
            case "local":
                return peers.computeIfAbsent(kind, (k) -> new Context[] { null, router.local() });
            case "sudo":
                Peers.assumeTestbedUsers();
                return peers.computeIfAbsent(kind, (k) -> new Context[] { null,
                    router.sudo(SudoOptions.builder().username("mitotest").build()) });
            case "podman":
                Peers.assumePodman();
                return peers.computeIfAbsent(kind, (k) -> new Context[] { null,
                    router.podman(Peers.podmanEnvironment(PodmanOptions.builder().container(Peers.CONTAINER)).build()) });
            case "bastion":
                Testbed testbed = Testbed.require();
                Path knownHosts = testbed.knownHosts.resolveSibling("known_hosts_netns");
                if (!Files.isReadable(knownHosts) || !answers("10.200.0.11", testbed.port)
                        || !answers("10.200.0.12", testbed.port)) {
                    Testbed.skip("network namespace hosts absent: run 'bash ../shared/testbed/netns.sh up 2' as root");
                }
                String key = Files.readString(testbed.key);
                return peers.computeIfAbsent(kind, (k) -> {
                    Context bastion = router.ssh(SshOptions.builder("10.200.0.11").port(testbed.port)
                            .username(testbed.keyUser).identityFile(testbed.key).knownHosts(knownHosts).sshConfig(false)
                            .build());
                    Context webserver = router.ssh(SshOptions.builder("10.200.0.12").port(testbed.port)
                            .username(testbed.keyUser).identityKey(key, null).knownHosts(knownHosts).sshConfig(false)
                            .via(bastion).build());
                    // The seeds' fileserver: reached through the bastion too, not on webserver's parent chain.
                    Context fileserver = router.local(LocalOptions.builder().via(bastion).build());
                    return new Context[] { fileserver, webserver };
                });
            default:
                throw new IllegalArgumentException(kind);
        }
    }

    static boolean answers(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 1000);
            return true;
        }
        catch (IOException ex) {
            return false;
        }
    }

    static int run(Context[] peer, String... argv) {
        List<String> command = List.of(argv);
        return (peer[0] == null) ? FakeSsh.run(peer[1], command) : peer[0].call(FakeSsh::run, peer[1], command);
    }

    static String name(String what) {
        return "fakessh-" + what + "-" + System.nanoTime();
    }

    /** A directory where the tool runs (the runner's own temporary directory when it is not the master). */
    String local(Context[] peer) throws IOException {
        if (peer[0] == null) {
            return this.dir.toString();
        }
        return peer[0].call(FakeSshTasks::tempDir);
    }

    static void cleanLocal(Context[] peer, String local) throws IOException {
        if (peer[0] != null) {
            peer[0].call(FakeSshTasks::delete, local);
        }
    }

    static List<String> digestHere(Context[] peer, String path) throws Exception {
        return (peer[0] == null) ? FakeSshTasks.digest(path) : peer[0].call(FakeSshTasks::digest, path);
    }

    static String readHere(Context[] peer, String path) throws Exception {
        return (peer[0] == null) ? FakeSshTasks.read(path) : peer[0].call(FakeSshTasks::read, path);
    }

    @ParameterizedTest
    @ValueSource(strings = { "local", "sudo", "podman", "bastion" })
    void rsyncPushesAndPullsATreeByteForByte(String kind) throws Exception {
        assumeTool("rsync");
        Context[] peer = peer(kind);
        Context dest = peer[1];
        String local = local(peer);
        String src = local + "/src";
        if (peer[0] == null) {
            FakeSshTasks.makeTree(src, 1000, 1);
        }
        else {
            peer[0].call(FakeSshTasks::makeTree, src, 1000, 1);
        }
        String remote = name("rsync");
        try {
            assertThat(run(peer, "rsync", "-a", src + "/", "somehost:" + remote + "/")).isZero();
            assertThat(dest.call(FakeSshTasks::digest, remote)).isEqualTo(digestHere(peer, src));

            // --delete: a file gone here goes there too.
            assertThat(run(peer, "rm", src + "/d3/e3/f3.bin")).isZero();
            assertThat(run(peer, "rsync", "-a", "--delete", src + "/", "somehost:" + remote + "/")).isZero();
            assertThat(dest.call(FakeSshTasks::read, remote + "/d3/e3/f3.bin")).isNull();
            assertThat(dest.call(FakeSshTasks::digest, remote)).isEqualTo(digestHere(peer, src));

            // Pull it back.
            String back = local + "/back";
            assertThat(run(peer, "rsync", "-a", "user@somehost:" + remote + "/", back + "/")).isZero();
            assertThat(digestHere(peer, back)).isEqualTo(digestHere(peer, src));
        }
        finally {
            dest.call(FakeSshTasks::delete, remote);
            cleanLocal(peer, local);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "local", "sudo", "podman", "bastion" })
    void scpInSftpAndLegacyModesAndSftpBatch(String kind) throws Exception {
        assumeTool("scp");
        assumeTool("sftp");
        Context[] peer = peer(kind);
        Context dest = peer[1];
        String remote = name("scp");
        String local = local(peer);
        String file = local + "/notes.txt";
        String text = "scp carried this\n".repeat(10_000);
        try {
            if (peer[0] == null) {
                FakeSshTasks.write(file, text);
            }
            else {
                peer[0].call(FakeSshTasks::write, file, text);
            }
            assertThat(run(peer, "sh", "-c", "ssh h mkdir " + remote)).isZero();
            // OpenSSH 9's default: the SFTP protocol, served by the destination's sftp-server.
            assertThat(run(peer, "scp", file, "h:" + remote + "/sftp.txt")).isZero();
            assertThat(dest.call(FakeSshTasks::read, remote + "/sftp.txt")).isEqualTo(text);
            // The legacy protocol: scp -t at the far end.
            assertThat(run(peer, "scp", "-O", file, "h:" + remote + "/legacy.txt")).isZero();
            assertThat(dest.call(FakeSshTasks::read, remote + "/legacy.txt")).isEqualTo(text);
            // And back.
            assertThat(run(peer, "scp", "h:" + remote + "/legacy.txt", local + "/back.txt")).isZero();
            assertThat(readHere(peer, local + "/back.txt")).isEqualTo(text);

            String batch = "cd " + remote + "\nput " + file + " put.txt\nget sftp.txt " + local + "/got.txt\nls\n";
            assertThat(run(peer, "sh", "-c", "printf '" + batch + "' >" + local + "/batch")).isZero();
            assertThat(run(peer, "sftp", "-b", local + "/batch", "h")).isZero();
            assertThat(dest.call(FakeSshTasks::read, remote + "/put.txt")).isEqualTo(text);
            assertThat(readHere(peer, local + "/got.txt")).isEqualTo(text);
        }
        finally {
            dest.call(FakeSshTasks::delete, remote);
            cleanLocal(peer, local);
        }
    }

    /**
     * Where the destination has no sftp-server, MINA's SFTP subsystem serves scp's default mode
     * and sftp. The testbed's destinations all have OpenSSH's (the container shares the host's
     * files), so they are told to use the built-in one as if they had none; "nosftp" is a local
     * child that really has none: its JVM runs in a mount namespace with an empty tmpfs over
     * /usr/lib/openssh (root only).
     */
    @ParameterizedTest
    @ValueSource(strings = { "local", "sudo", "podman", "nosftp" })
    void scpAndSftpAreServedByMinaWhereNoSftpServerIs(String kind) throws Exception {
        assumeTool("scp");
        assumeTool("sftp");
        Context[] peer = kind.equals("nosftp") ? new Context[] { null, noSftpServerChild() } : peer(kind);
        Context dest = peer[1];
        String remote = name("mina");
        String local = local(peer);
        String text = "MINA's sftp carried this\n".repeat(160_000);
        String before = kind.equals("nosftp") ? null : dest.call(FakeSshTasks::sftpServer, "builtin");
        if (kind.equals("nosftp")) {
            for (String server : List.of("/usr/lib/openssh/sftp-server", "/usr/libexec/openssh/sftp-server",
                    "/usr/lib/ssh/sftp-server", "/usr/libexec/sftp-server", "/usr/lib/sftp-server")) {
                assertThat(dest.call(FakeSshTasks::exists, server)).as(server).isFalse();
            }
        }
        try {
            FakeSshTasks.write(local + "/big.txt", text);
            assertThat(run(peer, "sh", "-c", "ssh h mkdir " + remote)).isZero();
            // Relative to the home directory, as with sftp-server.
            assertThat(run(peer, "scp", local + "/big.txt", "h:" + remote + "/pushed.txt")).isZero();
            assertThat(dest.call(FakeSshTasks::read, remote + "/pushed.txt")).isEqualTo(text);
            assertThat(run(peer, "scp", "-p", "h:" + remote + "/pushed.txt", local + "/pulled.txt")).isZero();
            assertThat(readHere(peer, local + "/pulled.txt")).isEqualTo(text);

            String batch = "cd " + remote + "\nmkdir sub\nput " + local + "/big.txt sub/put.txt\nrename sub/put.txt moved.txt\n"
                    + "get moved.txt " + local + "/got.txt\nchmod 600 moved.txt\nls -l\nrm pushed.txt\n";
            assertThat(run(peer, "sh", "-c", "printf '" + batch + "' >" + local + "/batch")).isZero();
            assertThat(run(peer, "sftp", "-b", local + "/batch", "h")).isZero();
            assertThat(readHere(peer, local + "/got.txt")).isEqualTo(text);
            assertThat(dest.call(FakeSshTasks::read, remote + "/moved.txt")).isEqualTo(text);
            assertThat(dest.call(FakeSshTasks::read, remote + "/pushed.txt")).isNull();
            // A failing command in the batch fails the batch, as against sftp-server.
            assertThat(run(peer, "sh", "-c", "printf 'get " + remote + "/absent.txt " + local + "/x\n' >" + local + "/bad"))
                    .isZero();
            assertThat(run(peer, "sftp", "-b", local + "/bad", "h")).isNotZero();
            // Requests sent before the end of input are all answered, as sftp-server does.
            Files.write(Path.of(local, "packets"), sftpInitAndMkdirs(remote, 20));
            assertThat(run(peer, "sh", "-c", "ssh -s h sftp <" + local + "/packets >" + local + "/replies")).isZero();
            for (int i = 0; i < 20; i++) {
                assertThat(dest.call(FakeSshTasks::isDirectory, remote + "/d" + i)).as("d" + i).isTrue();
            }
        }
        finally {
            dest.call(FakeSshTasks::sftpServer, before);
            dest.call(FakeSshTasks::delete, remote);
            cleanLocal(peer, local);
            if (kind.equals("nosftp")) {
                dest.shutdown();
            }
        }
    }

    /** A local child whose JVM sees an empty /usr/lib/openssh (its own mount namespace), or a skip. */
    Context noSftpServerChild() throws IOException {
        assumeTrue(Peers.succeeds("unshare", "--mount", "--propagation", "private", "--", "sh", "-c",
                "mount -t tmpfs -o size=1m mitogen-nosftp /usr/lib/openssh"),
                "needs root to hide /usr/lib/openssh in a mount namespace (unshare --mount)");
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path wrapper = this.dir.resolve("nosftp-java");
        Files.writeString(wrapper, "#!/bin/sh\n# java in a mount namespace where /usr/lib/openssh is empty\n"
                + "exec unshare --mount --propagation private -- sh -c 'mount -t tmpfs -o size=1m mitogen-nosftp"
                + " /usr/lib/openssh && exec \"$0\" \"$@\"' " + javaBin + " \"$@\"\n");
        Files.setPosixFilePermissions(wrapper, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        return router.local(LocalOptions.builder().javaPath(wrapper.toString()).build());
    }

    /** SFTP packets: SSH_FXP_INIT (version 3), then SSH_FXP_MKDIR of {@code dir/d0..d(n-1)}. */
    static byte[] sftpInitAndMkdirs(String dir, int n) {
        java.nio.ByteBuffer out = java.nio.ByteBuffer.allocate(64 * 1024);
        out.putInt(5).put((byte) 1).putInt(3);
        for (int i = 0; i < n; i++) {
            byte[] path = (dir + "/d" + i).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            out.putInt(1 + 4 + 4 + path.length + 4).put((byte) 14).putInt(i + 1).putInt(path.length).put(path).putInt(0);
        }
        return java.util.Arrays.copyOf(out.array(), out.position());
    }

    @ParameterizedTest
    @ValueSource(strings = { "local", "sudo", "podman", "bastion" })
    void gitClonesFetchesAndPushesABareRepositoryAtTheDestination(String kind) throws Exception {
        assumeTool("git");
        Context[] peer = peer(kind);
        Context dest = peer[1];
        String repo = name("git") + ".git";
        String local = local(peer);
        String work = local + "/work";
        String other = local + "/other";
        String git = "git -c user.name=Test -c user.email=test@example.com -c init.defaultBranch=main ";
        try {
            assertThat(run(peer, "sh", "-c", "ssh host git init -q --bare " + repo)).isZero();
            assertThat(run(peer, "sh", "-c", git + "clone -q host:" + repo + " " + work + " && cd " + work
                    + " && echo one > file && git add file && " + git + "commit -qm one && git push -q origin HEAD:main"))
                    .isZero();
            assertThat(run(peer, "sh", "-c", git + "clone -q -b main host:" + repo + " " + other)).isZero();
            assertThat(readHere(peer, other + "/file")).isEqualTo("one\n");
            assertThat(run(peer, "sh", "-c", "cd " + work + " && echo two > file && " + git + "commit -qam two && "
                    + "git push -q origin HEAD:main && cd " + other + " && git fetch -q && git merge -q --ff-only origin/main"))
                    .isZero();
            assertThat(readHere(peer, other + "/file")).isEqualTo("two\n");
        }
        finally {
            dest.call(FakeSshTasks::delete, repo);
            cleanLocal(peer, local);
        }
    }

    @Test
    void aRemoteCommandsStatusAndOutputComeBack() throws Exception {
        Context[] peer = peer("local");
        Path out = this.dir.resolve("out");
        Path err = this.dir.resolve("err");
        assertThat(run(peer, "sh", "-c", "ssh -p 22 -l nobody -o ForwardAgent=no -oBatchMode=yes -e none -x -T host "
                + "'echo out; echo err >&2; exit 7' >" + out + " 2>" + err)).isEqualTo(7);
        assertThat(out).hasContent("out");
        assertThat(err).hasContent("err");
        // The command runs in the home directory, under /bin/sh.
        assertThat(run(peer, "sh", "-c", "ssh host pwd >" + out)).isZero();
        assertThat(out).hasContent(peer[1].call(FakeSshTasks::home));
        // stdin goes the other way, all of it.
        assertThat(run(peer, "sh", "-c", "head -c 50000000 /dev/zero | ssh host wc -c >" + out)).isZero();
        assertThat(Files.readString(out).trim()).isEqualTo("50000000");
    }

    @Test
    void severalInvocationsAtOnceEachHaveTheirOwnSession() throws Exception {
        Context[] peer = peer("local");
        StringBuilder script = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            script.append("ssh host 'sleep 0.$((").append(i).append(" % 3)); echo ").append(i).append("' >")
                    .append(this.dir.resolve("out" + i)).append(" & ");
        }
        script.append("wait; ssh host echo after >").append(this.dir.resolve("after"));
        assertThat(run(peer, "sh", "-c", script.toString())).isZero();
        for (int i = 0; i < 6; i++) {
            assertThat(this.dir.resolve("out" + i)).hasContent(String.valueOf(i));
        }
        assertThat(this.dir.resolve("after")).hasContent("after");
    }

    @Test
    void siblingsRunToolsAtEachOtherThroughTheMastersGrant() throws Exception {
        assumeTool("rsync");
        Context fileserver = router.local();
        Context webapp = router.local();
        String src = FakeSshTasks.makeTree(this.dir.resolve("src").toString(), 50, 2);
        String remote = name("sibling");
        List<String> before = fileserver.call(FakeSshTasks::leftovers);
        try {
            int status = fileserver.call(FakeSsh::run, webapp, List.of("rsync", "-a", src + "/", "appserver:" + remote + "/"));
            assertThat(status).isZero();
            assertThat(webapp.call(FakeSshTasks::digest, remote)).isEqualTo(FakeSshTasks.digest(src));
            assertThat(fileserver.call(FakeSshTasks::leftovers)).isEqualTo(before);
        }
        finally {
            webapp.call(FakeSshTasks::delete, remote);
            fileserver.shutdown();
            webapp.shutdown();
        }
    }

    @Test
    void aChildCannotReachAContextNobodyGrantedIt() throws Exception {
        Context fileserver = router.local();
        Context webapp = router.local();
        Path err = this.dir.resolve("err");
        try {
            int status = fileserver.call(FakeSshTasks::runUngranted, webapp,
                    List.of("sh", "-c", "ssh host touch " + this.dir.resolve("touched") + " 2>" + err));
            assertThat(status).isEqualTo(255);
            assertThat(this.dir.resolve("touched")).doesNotExist();
            assertThat(Files.readString(err)).isNotBlank();
            assertThat(fileserver.call(Tasksish::one)).isEqualTo(1);
        }
        finally {
            fileserver.shutdown();
            webapp.shutdown();
        }
    }

    /** A trivial call, to show a context still answers. */
    static final class Tasksish {
        static int one() {
            return 1;
        }
    }

    @Test
    void nothingIsLeftBehindAfterARunOrAFailure() throws Exception {
        Context[] peer = peer("local");
        // Only a JVM killed mid-run leaves its directory: compare with what was there before.
        List<String> before = FakeSshTasks.leftovers();
        assertThat(run(peer, "sh", "-c", "ssh host true")).isZero();
        assertThat(FakeSshTasks.leftovers()).isEqualTo(before);
        assertThat(run(peer, "sh", "-c", "exit 3")).isEqualTo(3);
        assertThat(FakeSshTasks.leftovers()).isEqualTo(before);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> run(peer, "no-such-tool-for-fakessh"))
                .isInstanceOf(MitogenException.class)
                .hasMessageContaining("cannot start no-such-tool-for-fakessh")
                .hasMessageContaining("installed");
        assertThat(FakeSshTasks.leftovers()).isEqualTo(before);
        assertThat(io.mitogen.core.testing.NoProcessLeftBehind.descendants()).allMatch((p) -> p.contains("java"));
    }

    @Test
    void loopbackTcpAndACookieWhereUnixSocketsAreMissing() throws Exception {
        Context[] peer = peer("local");
        Path out = this.dir.resolve("out");
        System.setProperty("mitogen.fakessh.tcp", "true");
        try {
            assertThat(run(peer, "sh", "-c", "ls $(dirname $MITOGEN_FAKESSH) >" + out + "; ssh host echo tcp >>" + out))
                    .isZero();
        }
        finally {
            System.clearProperty("mitogen.fakessh.tcp");
        }
        assertThat(Files.readAllLines(out)).contains("cookie", "ssh", "tcp").doesNotContain("sock");
    }

    @Test
    void badCommandLinesGetSshsStatusAndAMessage() throws Exception {
        Context[] peer = peer("local");
        List<String[]> cases = new ArrayList<>();
        cases.add(new String[] { "ssh -Z host true", "unknown option -- Z", "255" });
        cases.add(new String[] { "ssh host", "interactive login", "255" });
        cases.add(new String[] { "ssh -L 80:x:80 host true", "not supported", "255" });
        cases.add(new String[] { "ssh -s host nfs", "subsystem request failed", "255" });
        cases.add(new String[] { "ssh host no-such-command-for-fakessh", "not found", "127" });
        for (String[] c : cases) {
            Path err = this.dir.resolve("err");
            assertThat(run(peer, "sh", "-c", c[0] + " 2>" + err)).as(c[0]).isEqualTo(Integer.parseInt(c[2]));
            assertThat(Files.readString(err)).as(c[0]).contains(c[1]);
        }
    }

    @Test
    void aDestinationLostMidTransferGivesStatus255AndTheRouterKeepsWorking() throws Exception {
        Context victim = router.local();
        Context bystander = router.local();
        Path started = this.dir.resolve("started");
        Path err = this.dir.resolve("err");
        long pid = victim.pid();
        Thread killer = new Thread(() -> {
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> Files.exists(started));
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        });
        killer.start();
        int status = FakeSsh.run(victim, List.of("sh", "-c", "ssh host 'touch " + started + "; cat >/dev/null' </dev/zero 2>"
                + err));
        killer.join();
        assertThat(status).isEqualTo(255);
        assertThat(Files.readString(err)).contains("Connection to host closed by remote host");
        assertThat(bystander.call(Tasksish::one)).isEqualTo(1);
        assertThat(run(peer("local"), "sh", "-c", "ssh host true")).isZero();
        bystander.shutdown();
    }
}

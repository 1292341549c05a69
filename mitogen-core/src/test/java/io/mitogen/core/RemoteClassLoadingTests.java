package io.mitogen.core;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.apache.commons.lang3.StringUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.mitogen.core.internal.logging.Log;
import io.mitogen.core.internal.constants.Handles;
import io.mitogen.core.internal.wire.Message;
import io.mitogen.core.testing.LibraryTasks;
import io.mitogen.core.testing.PreloadTasks;
import io.mitogen.core.testing.RawFrames;
import io.mitogen.core.testing.ResourceTasks;
import io.mitogen.core.testing.Tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Children load the parent's classes and resources on demand, in few round trips, and only what they may. */
class RemoteClassLoadingTests {

    static final List<String> SECRETS = List.of("application.yml", "config/application-prod.properties",
            "bootstrap.yaml", "certs/server.pem", "keys/client.p12");

    static Broker broker;

    static Router router;

    static Context a;

    static Capture logs;

    @BeforeAll
    static void start() {
        logs = Capture.install();
        broker = new Broker();
        router = new Router(broker);
        a = router.local();
    }

    @AfterAll
    static void stop() {
        broker.close();
        logs.uninstall();
    }

    @Test
    void firstCallOfALibraryTaskCostsFewRoundTripsAndTheSecondNone() throws Exception {
        Context fresh = router.local();
        List<String> result = fresh.call(LibraryTasks::useLibrary, "mitogen");
        assertThat(result).isEqualTo(LibraryTasks.useLibrary("mitogen"));
        ClassLoadingStats first = fresh.classLoading();
        // A local child's answers hold 64 KiB (its round trips are cheap): one per 64 KiB of
        // compressed classes, about 400 KB here, not one per class.
        assertThat(first.roundTrips()).as("%s", first).isLessThanOrEqualTo(8);
        assertThat(first.classesServed()).as("%s", first).isGreaterThanOrEqualTo(50);
        assertThat(first.classesPreloaded()).isEqualTo(first.classesServed() - first.classRequests()
                + first.classesNotFound());
        assertThat(first.bytesSent()).isPositive();
        fresh.call(LibraryTasks::useLibrary, "again");
        assertThat(fresh.classLoading()).isEqualTo(first);
        assertThat(router.classLoadingStats(fresh)).isEqualTo(first);
        fresh.shutdown();
        // The next fresh child is sent the answer kept from the first: the same classes and bytes.
        Context next = router.local();
        assertThat(next.call(LibraryTasks::useLibrary, "mitogen")).isEqualTo(result);
        assertThat(next.classLoading()).isEqualTo(first);
        next.shutdown();
    }

    @Test
    void theTaskClassComesWithTheFirstCallUnasked() {
        Context fresh = router.local();
        assertThat(fresh.call(OfferedTasks::add, 2, 3)).isEqualTo(5);
        ClassLoadingStats stats = fresh.classLoading();
        assertThat(stats.roundTrips()).as("%s", stats).isZero();
        assertThat(stats.classesPreloaded()).as("%s", stats).isPositive().isEqualTo(stats.classesServed());
        assertThat(fresh.call(OfferedTasks::add, 1, 1)).isEqualTo(2);
        assertThat(fresh.classLoading()).as("offered once").isEqualTo(stats);
        fresh.shutdown();
    }

    /** A task class of its own, so that no other test's child was sent it. */
    static final class OfferedTasks {

        static int add(int a, int b) {
            return a + b;
        }
    }

    @Test
    void withoutPreloadingEveryClassCostsARoundTrip() {
        int budget = router.preloadBudget();
        router.preloadBudget(0);
        try {
            Context fresh = router.local();
            fresh.call(LibraryTasks::useLibrary, "mitogen");
            ClassLoadingStats stats = fresh.classLoading();
            assertThat(stats.classesPreloaded()).isZero();
            assertThat(stats.classRequests()).as("%s", stats).isGreaterThanOrEqualTo(50)
                    .isEqualTo(stats.classesServed() + stats.classesNotFound());
            fresh.shutdown();
        }
        finally {
            router.preloadBudget(budget);
        }
    }

    @Test
    void aClassThatArrivedAsAnExtraIsNeverAskedFor() {
        assertThat(a.call(PreloadTasks::ping)).isEqualTo("pong");
        ClassLoadingStats before = a.classLoading();
        String unused = PreloadTasks.Unused.class.getName();
        assertThat(a.call(PreloadTasks::load, unused)).isEqualTo(unused);
        assertThat(a.classLoading()).as("defined from what came with PreloadTasks").isEqualTo(before);
    }

    @Test
    void concurrentLoadsOfOneClassShareOneRequest() {
        a.call(ResourceTasks::url, "data/hello.txt"); // loads the task class first
        ClassLoadingStats before = a.classLoading();
        int distinct = a.call(ResourceTasks::loadConcurrently, "io.mitogen.core.testing.Lonely", 8);
        assertThat(distinct).isEqualTo(1);
        assertThat(a.classLoading().classRequests() - before.classRequests()).isEqualTo(1);
    }

    @Test
    void aClassTheParentLacksFailsTheCallNamingItAndIsNotAskedForAgain() {
        long before = a.classLoading().classesNotFound();
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> a.call(LibraryTasks::loadByName, "com.example.NoSuchClass"))
                    .isInstanceOfSatisfying(CallException.class, (ex) -> {
                        assertThat(ex.remoteType()).isEqualTo("java.lang.ClassNotFoundException");
                        assertThat(ex.remoteMessage()).contains("com.example.NoSuchClass")
                                .contains("the parent has no such class");
                    });
        }
        assertThat(a.classLoading().classesNotFound() - before).isEqualTo(1);
    }

    @Test
    void linkingAgainstAClassTheParentLacksIsNoClassDefFoundError(@TempDir Path dir) throws Exception {
        Path out = compile(dir, "gen.Missing", "package gen; public class Missing { }", "gen.Referrer",
                "package gen; public class Referrer { public static String run() { return new Missing().toString(); } }");
        Files.delete(out.resolve("gen/Missing.class"));
        try (URLClassLoader loader = new URLClassLoader(new URL[] { out.toUri().toURL() }, getClass().getClassLoader())) {
            Class<?> referrer = loader.loadClass("gen.Referrer");
            assertThatThrownBy(() -> a.call(referrer, "run"))
                    .isInstanceOfSatisfying(CallException.class, (ex) -> {
                        assertThat(ex.remoteType()).isEqualTo("java.lang.NoClassDefFoundError");
                        assertThat(ex.remoteMessage()).contains("gen/Missing");
                    });
        }
    }

    @Test
    void aSymbolicLinkOutOfAClassDirectoryIsNotFollowed(@TempDir Path dir) throws Exception {
        Path out = compile(dir, "links.Reader", "package links; public class Reader { public static String read(String n)"
                + " throws Exception { try (java.io.InputStream in = Thread.currentThread().getContextClassLoader()"
                + ".getResourceAsStream(n)) { return (in == null) ? null : new String(in.readAllBytes()); } } }");
        Path outside = Files.writeString(dir.resolve("outside.txt"), "TOP-SECRET-CONTENT");
        Files.createSymbolicLink(out.resolve("leak.txt"), outside);
        Files.writeString(out.resolve("inside.txt"), "fine");
        logs.clear();
        try (URLClassLoader loader = new URLClassLoader(new URL[] { out.toUri().toURL() }, getClass().getClassLoader())) {
            Class<?> reader = loader.loadClass("links.Reader");
            assertThat(getClass().getClassLoader().getResource("leak.txt")).isNull();
            assertThat(loader.getResource("leak.txt")).as("the parent itself would follow it").isNotNull();
            assertThat((String) a.call(reader, "read", "inside.txt")).isEqualTo("fine");
            assertThat((String) a.call(reader, "read", "leak.txt")).isNull();
        }
        assertThat(logs.lines()).anySatisfy((line) -> assertThat(line).contains("leak.txt").contains("leaves its class"));
        assertThat(logs.lines()).noneMatch((line) -> line.contains("TOP-SECRET-CONTENT"));
    }

    /** Compiles pairs of (class name, source) into a fresh directory and returns it. */
    private static Path compile(Path dir, String... namesAndSources) throws Exception {
        List<String> args = new ArrayList<>(List.of("-d", dir.resolve("classes").toString()));
        for (int i = 0; i < namesAndSources.length; i += 2) {
            Path file = dir.resolve("src").resolve(namesAndSources[i].replace('.', '/') + ".java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, namesAndSources[i + 1]);
            args.add(file.toString());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertThat(javac.run(null, null, null, args.toArray(new String[0]))).isZero();
        return dir.resolve("classes");
    }

    @Test
    void anIntermediateServesItsSubtreeFromWhatPassedThroughIt() throws Exception {
        Context mid = router.local();
        Context leaf = router.local(LocalOptions.builder().via(mid).build());
        List<String> expected = LibraryTasks.useLibrary("x");
        assertThat(leaf.call(LibraryTasks::useLibrary, "x")).isEqualTo(expected); // mid relays, caching
        ClassLoadingStats atMaster = mid.classLoading();
        assertThat(atMaster.classesServed()).isGreaterThanOrEqualTo(50);

        assertThat(mid.call(LibraryTasks::useLibrary, "x")).isEqualTo(expected);
        assertThat(mid.classLoading()).as("mid loads from what it relayed").isEqualTo(atMaster);

        Context leaf2 = router.local(LocalOptions.builder().via(mid).build());
        assertThat(leaf2.call(LibraryTasks::useLibrary, "x")).isEqualTo(expected);
        assertThat(mid.classLoading()).as("nothing that reached mid is sent again for its children")
                .isEqualTo(atMaster);
        assertThat(router.classLoadingStats(leaf2).roundTrips()).as("the master never hears from leaf2").isZero();

        Map<String, Long> servedByMid = mid.call(ResourceTasks::servedTo, leaf2);
        assertThat(servedByMid.get("roundTrips")).isBetween(1L, 8L); // 64 KiB answers, as from the master
        assertThat(servedByMid.get("classesServed")).isGreaterThanOrEqualTo(50L);
        mid.shutdown();
    }

    @Test
    void serviceLoaderFindsTheParentsProviders() {
        assertThat(a.call(ResourceTasks::greetings, "child")).containsExactly("Hello, child", "Bonjour, child");
    }

    @Test
    void resourcesComeFromTheParentsCodeSourcesWithoutFiles() throws Exception {
        assertThat(a.call(ResourceTasks::text, "data/hello.txt")).isEqualTo("hello from the parent\n");
        String local = getClass().getClassLoader().getResource("data/hello.txt").toString();
        assertThat(a.call(ResourceTasks::url, "data/hello.txt")).isEqualTo("mitogen:" + local);
        assertThat(a.call(ResourceTasks::text, "no/such/resource.txt")).isNull();

        List<String> expected = new ArrayList<>();
        for (URL url : Collections.list(ClassLoader.getSystemClassLoader().getResources("META-INF/MANIFEST.MF"))) {
            expected.add("mitogen:" + url);
        }
        List<String> seen = a.call(ResourceTasks::urls, "META-INF/MANIFEST.MF");
        assertThat(seen).filteredOn((url) -> url.startsWith("mitogen:")).containsExactlyElementsOf(expected);
    }

    @Test
    void configurationAndKeyMaterialAreNeverServedAndEachRefusalIsLoggedOnce() {
        for (String name : SECRETS) {
            assertThat(getClass().getClassLoader().getResource(name)).as("the parent has " + name).isNotNull();
        }
        long refusedBefore = a.classLoading().refused();
        logs.clear();
        for (int i = 0; i < 2; i++) {
            for (String name : SECRETS) {
                assertThat(a.call(ResourceTasks::text, name)).as(name).isNull();
                assertThat(a.call(ResourceTasks::urls, name)).as(name).isEmpty();
            }
        }
        assertThat(a.classLoading().refused() - refusedBefore).isEqualTo(SECRETS.size());
        for (String name : SECRETS) {
            assertThat(logs.lines()).as("one line for " + name)
                    .filteredOn((line) -> line.contains("'" + name + "'")).singleElement()
                    .satisfies((line) -> assertThat(line).contains(a.toString()).contains("resource policy"));
        }
        assertThat(logs.lines()).noneMatch((line) -> line.contains("TOP-SECRET-CONTENT"));
    }

    @Test
    void thePolicyIsConfigurable() {
        Context fresh = router.local();
        try {
            router.resourcePolicy(ResourcePolicy.defaults().deny("**/secret.txt"));
            assertThat(fresh.call(ResourceTasks::text, "secret.txt")).isNull();
            router.resourcePolicy(ResourcePolicy.denyAll().allow("data/**").allow("certs/server.pem"));
            assertThat(fresh.call(ResourceTasks::text, "data/hello.txt")).isEqualTo("hello from the parent\n");
            assertThat(fresh.call(ResourceTasks::text, "certs/server.pem")).contains("BEGIN PRIVATE KEY");
            assertThat(fresh.call(ResourceTasks::greetings, "x")).as("services are denied now").isEmpty();
        }
        finally {
            router.resourcePolicy(ResourcePolicy.defaults());
            fresh.shutdown();
        }
    }

    @Test
    void malformedResourceNamesAreRefusedAndLogged() {
        List<String> names = List.of("../../etc/passwd", "/etc/passwd", "data/../secret.txt", "data/./hello.txt",
                "a\u0000b", "data\\hello.txt");
        long before = a.classLoading().refused();
        logs.clear();
        for (String name : names) {
            assertThat(a.call(ResourceTasks::text, name)).as(name).isNull();
        }
        assertThat(a.classLoading().refused() - before).isEqualTo(names.size());
        assertThat(logs.lines()).filteredOn((line) -> line.contains("refused resource")).hasSize(names.size())
                .allSatisfy((line) -> assertThat(line).contains(a.toString()).doesNotContain("\u0000"));
        assertThat(a.call(Tasks::add, 1, 2)).isEqualTo(3);
    }

    @Test
    void malformedRequestsAreRefusedAndTheStreamStaysUp() {
        a.call(Tasks::add, 0, 0);
        long before = a.classLoading().refused();
        byte[] notUtf8 = { (byte) 0xff, (byte) 0xfe, 'x' };
        byte[] frames = concat(frame(Handles.GET_CLASS, notUtf8), frame(Handles.GET_CLASS, "../../etc/passwd".getBytes()),
                frame(Handles.GET_CLASS, new byte[0]), frame(Handles.GET_RESOURCE, notUtf8));
        a.run(Tasks::writeToChannel, frames);
        assertThat(a.call(Tasks::add, 2, 2)).isEqualTo(4);
        assertThat(a.isConnected()).isTrue();
        assertThat(a.classLoading().refused() - before).isEqualTo(4);
    }

    @Test
    void classesKnowTheirCodeSourceAndPackage() throws Exception {
        Map<String, String> lib = a.call(ResourceTasks::origin, "org.apache.commons.lang3.StringUtils");
        String path = "org/apache/commons/lang3/StringUtils.class";
        String resource = getClass().getClassLoader().getResource(path).toString();
        assertThat(lib.get("location")).isEqualTo("mitogen:" + resource.substring(0, resource.length() - path.length()))
                .endsWith("commons-lang3-3.20.0.jar!/");
        assertThat(lib.get("implementationVersion")).isEqualTo(StringUtils.class.getPackage().getImplementationVersion())
                .isEqualTo("3.20.0");
        assertThat(lib.get("specificationTitle")).isEqualTo("Apache Commons Lang");
        assertThat(lib.get("loader")).isEqualTo("mitogen-remote");
        assertThat(lib.get("opened")).startsWith("IOException").contains("cannot be read in this child");

        Map<String, String> own = a.call(ResourceTasks::origin, Tasks.class.getName());
        assertThat(own.get("location")).startsWith("mitogen:file:").endsWith("/test-classes/");
        assertThat(own.get("implementationVersion")).isNull();
    }

    private static byte[] frame(int handle, byte[] payload) {
        return RawFrames.of(new Message(0, a.id(), a.id(), handle, 0, payload));
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** Keeps the master's log lines at WARN and above while passing everything on. */
    static final class Capture implements Log.Sink {

        private final Log.Sink next;

        private final List<String> lines = new CopyOnWriteArrayList<>();

        private Capture(Log.Sink next) {
            this.next = next;
        }

        static Capture install() {
            Capture capture = new Capture(Log.sink());
            Log.setSink(capture);
            return capture;
        }

        void uninstall() {
            Log.setSink(this.next);
        }

        List<String> lines() {
            return this.lines;
        }

        void clear() {
            this.lines.clear();
        }

        @Override
        public boolean isEnabled(int level, String name) {
            return level <= Log.WARN || this.next.isEnabled(level, name);
        }

        @Override
        public void log(int level, String name, String message, Throwable thrown) {
            if (level <= Log.WARN) {
                this.lines.add(message);
            }
            if (this.next.isEnabled(level, name)) {
                this.next.log(level, name, message, thrown);
            }
        }
    }
}

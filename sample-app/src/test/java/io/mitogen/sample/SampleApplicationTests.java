package io.mitogen.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.test.annotation.DirtiesContext;

import io.mitogen.core.testing.CapturingAppender;
import io.mitogen.spring.Contexts;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample as a user runs it: real child JVMs behind real HTTP endpoints. The context is
 * closed after the class, and the project-wide check that no test leaves a process then fails
 * the class if any child survived.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class SampleApplicationTests {

    private final HttpClient http = HttpClient.newHttpClient();

    @Autowired
    private Environment environment;

    @Autowired
    private Contexts contexts;

    @Test
    void hostsListsEveryHostWithItsState() throws Exception {
        String body = get("/hosts", 200);
        assertThat(body).contains("\"name\":\"worker-1\"", "\"state\":\"CONNECTED\"", "\"name\":\"worker-2\"");
    }

    @Test
    void factsAreReadByACallOnThatHost() throws Exception {
        String body = get("/hosts/worker-2/facts", 200);
        long pid = this.contexts.get("worker-2").pid();
        assertThat(body).contains("\"pid\":" + pid, "\"javaVersion\":\"" + System.getProperty("java.version") + "\"",
                "\"cpus\":", "\"memoryBytes\":", "\"uptimeSeconds\":");
    }

    @Test
    void aHostsLogLineCarriesTheTraceIdOfTheRequestThatAskedIt() throws Exception {
        // A W3C trace from an upstream caller: the request joins it, and so does the call.
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        String port = this.environment.getProperty("local.server.port");
        HttpResponse<String> response = this.http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/hosts/worker-1/facts"))
                    .header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        String child = this.contexts.get("worker-1").name();
        // Forwarded before the answer, so it is here already: as the console shows it,
        // "INFO [4bf92f35...,5a1c...] ... mitogen.ctx.mitogen:worker-1 : io.mitogen.sample.HostTasks: reading facts of ...".
        assertThat(CapturingAppender.from(child))
            .filteredOn((event) -> event.getFormattedMessage().startsWith("io.mitogen.sample.HostTasks: reading facts of "))
            .anySatisfy((event) -> {
                assertThat(event.getMDCPropertyMap()).containsEntry("traceId", traceId);
                assertThat(event.getMDCPropertyMap().get("spanId")).matches("[0-9a-f]{16}").isNotEqualTo("00f067aa0ba902b7");
            });
    }

    @Test
    void diskUsageGathersEveryHostsAnswer() throws Exception {
        String body = get("/disk-usage?path=/tmp", 200);
        for (String host : this.contexts.names()) {
            assertThat(body).contains("\"" + host + "\":{\"path\":\"/tmp\",\"bytes\":");
        }
        assertThat(get("/disk-usage?path=/nonexistent-dir", 200)).contains("is not a directory here");
        assertThat(get("/disk-usage?path=../etc", 400)).contains("absolute path");
    }

    @Test
    void findStreamsWhatEveryHostFinds(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("a/b"));
        Files.writeString(dir.resolve("a/one.log"), "1");
        Files.writeString(dir.resolve("a/b/two.log"), "2");
        Files.writeString(dir.resolve("a/b/three.txt"), "3");
        String body = get("/find?path=" + dir + "&name=*.log", 200);
        for (String host : this.contexts.names()) {
            assertThat(body).contains(host + ": " + dir.resolve("a/one.log"), host + ": " + dir.resolve("a/b/two.log"));
        }
        assertThat(body).doesNotContain("three.txt");
        assertThat(body.lines()).hasSize(2 * this.contexts.names().size());
        assertThat(get("/find?path=" + dir + "&name=*.log&limit=1", 200).lines()).hasSize(this.contexts.names().size());
        assertThat(get("/find?path=/nonexistent-dir&name=*.log", 200)).contains("error:", "is not a directory here");
        assertThat(get("/find?path=/tmp&name=a/b", 400)).contains("file name glob");
    }

    @Test
    void pushSendsAFileToEveryHostAndStreamsEachOnesProgressAndResult() throws Exception {
        Path outbox = Path.of(this.environment.getProperty("sample.push.outbox"));
        Path inbox = Path.of(this.environment.getProperty("sample.push.inbox"));
        Files.createDirectories(outbox);
        byte[] content = new byte[3 * 1024 * 1024];
        new java.util.Random(1).nextBytes(content);
        Files.write(outbox.resolve("release.bin"), content);
        String body = post("/push?file=release.bin", 200);
        for (String host : this.contexts.names()) {
            assertThat(body).contains(host + ": 100% (3145728 of 3145728 bytes)", host + ": done 3145728 bytes");
            assertThat(Files.readAllBytes(inbox.resolve(host).resolve("release.bin"))).isEqualTo(content);
        }
        assertThat(post("/push?file=../etc/passwd", 400)).contains("plain file name");
        assertThat(post("/push?file=missing.bin", 400)).contains("no file 'missing.bin'");
    }

    @Test
    void unknownHostIsAClearError() throws Exception {
        assertThat(get("/hosts/nope/facts", 404)).contains("no host named 'nope'", "worker-1");
    }

    @Test
    void healthShowsEveryHost() throws Exception {
        this.contexts.get("worker-2");
        String body = get("/actuator/health/mitogen", 200);
        assertThat(body).contains("\"worker-1\"", "\"worker-2\"", "\"status\":\"UP\"", "\"roundTripMicros\"");
        assertThat(get("/actuator/health/mitogen/worker-1", 200)).contains("\"javaVersion\"");
    }

    @Test
    void allFactsComposeFuturesOfEveryHost() throws Exception {
        String body = get("/facts", 200);
        for (String host : this.contexts.names()) {
            assertThat(body).containsPattern("\"" + host + "\":\\{[^}]*\"pid\":" + this.contexts.get(host).pid() + ",");
        }
    }

    @Test
    void mitogenEndpointShowsTheTreeAndIsReadOnly() throws Exception {
        this.contexts.get("worker-2");
        String tree = get("/actuator/mitogen", 200);
        assertThat(tree).contains("\"host\":\"worker-1\"", "\"children\":[{\"name\":\"mitogen:worker-2\"",
                "\"method\":\"ssh\"", "\"bytesSent\"");
        assertThat(get("/actuator/mitogen/worker-2", 200)).contains("\"via\":\"worker-1\"",
                "\"pid\":" + this.contexts.get("worker-2").pid());
        assertThat(get("/actuator/mitogen/nope", 404)).isEmpty();
        // The write operation is not allowed by default.
        post("/actuator/mitogen/worker-2", 405);
        assertThat(this.contexts.find("worker-2")).isPresent();
    }

    private String post(String path, int status) throws Exception {
        String port = this.environment.getProperty("local.server.port");
        HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return response.body();
    }

    private String get(String path, int status) throws Exception {
        String port = this.environment.getProperty("local.server.port");
        HttpResponse<String> response = this.http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return response.body();
    }

}

package io.mitogen.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.test.annotation.DirtiesContext;

import io.mitogen.spring.Contexts;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The endpoints when a host does not answer: worker-2's JVM is stopped (SIGSTOP), so its link
 * stays up but no answer comes. Every endpoint still answers within the answer timeout, with
 * what the other hosts said and a clear word about worker-2.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "sample.answer-timeout=3s")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class SampleAnswerTimeoutTests {

    private static final String SILENT = "worker-2";

    private final HttpClient http = HttpClient.newHttpClient();

    @Autowired
    private Environment environment;

    @Autowired
    private Contexts contexts;

    @TempDir
    private Path dir;

    private long silentPid;

    @BeforeEach
    void stopOneHost() throws Exception {
        Files.writeString(this.dir.resolve("one.log"), "1");
        // Every host connected and warmed up first, so that only the stopped one is slow.
        String warm = get("/disk-usage?path=" + this.dir, 200);
        for (String host : this.contexts.names()) {
            assertThat(warm).contains("\"" + host + "\":{\"path\":");
        }
        this.silentPid = this.contexts.get(SILENT).pid();
        signal("STOP", this.silentPid);
    }

    @AfterEach
    void resumeIt() throws Exception {
        signal("CONT", this.silentPid);
    }

    @Test
    void diskUsageReportsTheHostThatDidNotAnswer() throws Exception {
        String body = get("/disk-usage?path=" + this.dir, 200);
        assertThat(body).contains("\"" + SILENT + "\":{\"error\":\"no answer within 3s\"}");
        for (String host : others()) {
            assertThat(body).contains("\"" + host + "\":{\"path\":\"" + this.dir + "\",\"bytes\":1,");
        }
    }

    @Test
    void findEndsAtTheDeadlineNamingTheHostThatDidNotFinish() throws Exception {
        List<String> lines = get("/find?path=" + this.dir + "&name=*.log", 200).lines().toList();
        for (String host : others()) {
            assertThat(lines).contains(host + ": " + this.dir.resolve("one.log"));
        }
        assertThat(lines).hasSize(others().size() + 1);
        assertThat(lines.get(lines.size() - 1)).isEqualTo("no answer within 3s from: " + SILENT);
    }

    @Test
    void aCallThatTimesOutIsABadGateway() throws Exception {
        assertThat(get("/hosts/" + SILENT + "/facts", 502)).contains("\"error\":", "within PT3S");
    }

    private List<String> others() {
        return this.contexts.names().stream().filter((host) -> !host.equals(SILENT)).toList();
    }

    private static void signal(String signal, long pid) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
        assertThat(kill.waitFor()).as("kill -%s %d", signal, pid).isZero();
    }

    private String get(String path, int status) throws Exception {
        String port = this.environment.getProperty("local.server.port");
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build();
        // Bounded, body included: an endpoint that waits for the stopped host fails the test.
        HttpResponse<String> response = this.http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
            .get(20, TimeUnit.SECONDS);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return response.body();
    }

}

package io.mitogen.sample;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import io.mitogen.core.Channel;
import io.mitogen.core.ChannelClosedException;
import io.mitogen.core.Context;
import io.mitogen.core.MitogenException;
import io.mitogen.core.ReceiveTimeoutException;
import io.mitogen.core.Receiver;
import io.mitogen.core.Router;
import io.mitogen.core.Select;
import io.mitogen.spring.Contexts;
import io.mitogen.spring.HostStatus;
import io.mitogen.spring.HostUnavailableException;
import io.mitogen.spring.NoSuchHostException;

/**
 * The sample's endpoints. Each reads, none runs a command: a path is the only input, and it
 * is checked before any host sees it. Hosts get {@code sample.answer-timeout} to answer.
 */
@RestController
class HostController {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(HostController.class);

    private final Contexts contexts;

    private final Router router;

    private final Duration answerTimeout;

    HostController(Contexts contexts, Router router, @Value("${sample.answer-timeout}") Duration answerTimeout) {
        this.contexts = contexts;
        this.router = router;
        this.answerTimeout = answerTimeout;
    }

    /** Every configured host with its state. */
    @GetMapping("/hosts")
    List<Map<String, Object>> hosts() {
        List<Map<String, Object>> hosts = new ArrayList<>();
        for (HostStatus status : this.contexts.statuses().values()) {
            Map<String, Object> host = new LinkedHashMap<>();
            host.put("name", status.name());
            host.put("state", status.state());
            if (status.context() != null) {
                host.put("pid", status.context().pid());
            }
            if (status.lastError() != null) {
                host.put("error", status.lastError());
            }
            hosts.add(host);
        }
        return hosts;
    }

    /** What one host says about itself, read by a call on that host. */
    @GetMapping("/hosts/{name}/facts")
    HostFacts facts(@PathVariable String name) {
        log.info("facts of {} asked", name);
        return this.contexts.get(name).callAsync(HostTasks::facts).get(this.answerTimeout);
    }

    /**
     * Every host's facts at once, as futures composed with {@code allOf}: Spring MVC answers
     * asynchronously when the last one is in, and the request thread is not held meanwhile. A
     * host that fails or does not answer in time gets its error instead.
     */
    @GetMapping("/facts")
    CompletableFuture<Map<String, Object>> allFacts() {
        Map<String, CompletableFuture<Object>> futures = new LinkedHashMap<>();
        for (String name : this.contexts.names()) {
            CompletableFuture<Object> facts;
            try {
                facts = this.contexts.get(name).callAsync(HostTasks::facts).toCompletableFuture()
                    .orTimeout(this.answerTimeout.toMillis(), TimeUnit.MILLISECONDS)
                    .thenApply((answer) -> (Object) answer);
            }
            catch (MitogenException ex) {
                facts = CompletableFuture.failedFuture(ex);
            }
            futures.put(name, facts.exceptionally((failure) -> Map.of("error", String.valueOf(
                    (failure instanceof CompletionException && failure.getCause() != null) ? failure.getCause() : failure))));
        }
        return CompletableFuture.allOf(futures.values().toArray(new CompletableFuture<?>[0])).thenApply((done) -> {
            Map<String, Object> answers = new LinkedHashMap<>();
            futures.forEach((name, future) -> answers.put(name, future.join()));
            return answers;
        });
    }

    /**
     * Disk usage under {@code path} on every host at once (scatter/gather): each host's answer
     * or error, as they arrive; a host that has not answered in time gets an error instead.
     */
    @GetMapping("/disk-usage")
    Map<String, Object> diskUsage(@RequestParam String path) {
        checkPath(path);
        Map<String, Object> answers = new LinkedHashMap<>();
        List<Receiver<DiskUsage>> pending = new ArrayList<>();
        for (String name : this.contexts.names()) {
            try {
                pending.add(this.contexts.get(name).callAsync(HostTasks::diskUsage, path));
            }
            catch (MitogenException ex) {
                answers.put(name, Map.of("error", String.valueOf(ex.getMessage())));
            }
        }
        long deadline = System.nanoTime() + this.answerTimeout.toNanos();
        Select<DiskUsage> select = Select.of(pending);
        while (select.hasNext()) {
            Receiver<DiskUsage> answer;
            try {
                answer = select.next(remaining(deadline));
            }
            catch (ReceiveTimeoutException ex) {
                break;
            }
            pending.remove(answer);
            String host = hostOf(answer.context());
            try {
                answers.put(host, answer.get());
            }
            catch (MitogenException ex) {
                answers.put(host, Map.of("error", String.valueOf(ex.getMessage())));
            }
        }
        for (Receiver<DiskUsage> late : pending) {
            answers.put(hostOf(late.context()), Map.of("error", "no answer within " + describe(this.answerTimeout)));
        }
        return answers;
    }

    /**
     * Files named like {@code name} (a glob such as {@code *.log}) under {@code path} on every
     * host at once, streamed as each host finds them ({@code host: path} lines, at most
     * {@code limit} per host). A client that goes away stops the searches; so does the end of
     * the answer timeout, after a line that names the hosts that had not finished.
     */
    @GetMapping(path = "/find", produces = MediaType.TEXT_PLAIN_VALUE)
    StreamingResponseBody find(@RequestParam String path, @RequestParam String name,
            @RequestParam(defaultValue = "100") int limit) {
        checkPath(path);
        if (name.isEmpty() || name.contains("/") || name.indexOf('\0') >= 0 || name.length() > 255) {
            throw new IllegalArgumentException("name must be a file name glob without '/', e.g. *.log");
        }
        if (limit < 1 || limit > 10_000) {
            throw new IllegalArgumentException("limit must be between 1 and 10000");
        }
        Channel<String> found = this.router.channel(String.class);
        List<String> failures = new ArrayList<>();
        List<Receiver<Integer>> searches = new ArrayList<>();
        for (String host : this.contexts.names()) {
            try {
                searches.add(this.contexts.get(host).callAsync(HostTasks::find, found.sender(), path, name, limit));
            }
            catch (MitogenException ex) {
                failures.add(host + ": error: " + ex.getMessage());
            }
        }
        long deadline = System.nanoTime() + this.answerTimeout.toNanos();
        return (out) -> {
            try (found) {
                while (true) {
                    Channel.Item<String> file;
                    try {
                        file = found.receive(remaining(deadline));
                    }
                    catch (ChannelClosedException ex) {
                        break; // the channel ended: every search has returned
                    }
                    catch (ReceiveTimeoutException ex) {
                        break; // out of time: the searches still running are named below
                    }
                    write(out, hostOf(file.context()) + ": " + file.value());
                }
                List<String> unfinished = new ArrayList<>();
                for (Receiver<Integer> search : searches) {
                    try {
                        search.get(remaining(deadline));
                    }
                    catch (ReceiveTimeoutException ex) {
                        unfinished.add(hostOf(search.context()));
                    }
                    catch (MitogenException ex) {
                        failures.add(hostOf(search.context()) + ": error: " + ex.getMessage());
                    }
                }
                for (String failure : failures) {
                    write(out, failure);
                }
                if (!unfinished.isEmpty()) {
                    write(out, "no answer within " + describe(this.answerTimeout) + " from: "
                            + String.join(", ", unfinished));
                }
            } // closing the channel stops the searches still running
        };
    }

    private static Duration remaining(long deadline) {
        return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }

    /** {@code 30s}, or {@code 250ms} below a second or when not whole seconds. */
    private static String describe(Duration duration) {
        return (duration.toMillis() % 1000 == 0) ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
    }

    private static void write(OutputStream out, String line) throws IOException {
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private String hostOf(Context context) {
        return this.contexts.nameOf(context).orElseGet(context::name);
    }

    private static void checkPath(String path) {
        if (!path.startsWith("/") || path.contains("..") || path.indexOf('\0') >= 0 || path.length() > 1024) {
            throw new IllegalArgumentException("path must be an absolute path without '..', e.g. /tmp");
        }
    }

    @ExceptionHandler(IllegalArgumentException.class)
    @ResponseStatus(HttpStatus.BAD_REQUEST)
    Map<String, String> badRequest(IllegalArgumentException ex) {
        return Map.of("error", String.valueOf(ex.getMessage()));
    }

    /** A host name that is not in {@code mitogen.hosts}. */
    @ExceptionHandler(NoSuchHostException.class)
    @ResponseStatus(HttpStatus.NOT_FOUND)
    Map<String, String> notFound(NoSuchHostException ex) {
        return Map.of("error", String.valueOf(ex.getMessage()));
    }

    /** The host is known but cannot be used now: its last connection failed, it waits to retry. */
    @ExceptionHandler(HostUnavailableException.class)
    @ResponseStatus(HttpStatus.SERVICE_UNAVAILABLE)
    Map<String, String> unavailable(HostUnavailableException ex) {
        return Map.of("error", String.valueOf(ex.getMessage()));
    }

    /** The host failed to connect, the call failed there, or it did not answer in time. */
    @ExceptionHandler(MitogenException.class)
    @ResponseStatus(HttpStatus.BAD_GATEWAY)
    Map<String, String> badGateway(MitogenException ex) {
        return Map.of("error", String.valueOf(ex.getMessage()));
    }

}

package io.mitogen.sample;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
import io.mitogen.core.Context;
import io.mitogen.core.MitogenException;
import io.mitogen.core.Receiver;
import io.mitogen.core.Router;
import io.mitogen.core.Select;
import io.mitogen.spring.Contexts;
import io.mitogen.spring.HostStatus;
import io.mitogen.spring.HostUnavailableException;

/**
 * The sample's endpoints. Each reads, none runs a command: a path is the only input, and it
 * is checked before any host sees it.
 */
@RestController
class HostController {

    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(30);

    private final Contexts contexts;

    private final Router router;

    HostController(Contexts contexts, Router router) {
        this.contexts = contexts;
        this.router = router;
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
        return this.contexts.get(name).callAsync(HostTasks::facts).get(ANSWER_TIMEOUT);
    }

    /**
     * Disk usage under {@code path} on every host at once (scatter/gather): each host's answer
     * or error, as they arrive.
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
        Select<DiskUsage> select = Select.of(pending);
        while (select.hasNext()) {
            Receiver<DiskUsage> answer = select.next(ANSWER_TIMEOUT);
            String host = hostOf(answer.context());
            try {
                answers.put(host, answer.get());
            }
            catch (MitogenException ex) {
                answers.put(host, Map.of("error", String.valueOf(ex.getMessage())));
            }
        }
        return answers;
    }

    /**
     * Files named like {@code name} (a glob such as {@code *.log}) under {@code path} on every
     * host at once, streamed as each host finds them ({@code host: path} lines, at most
     * {@code limit} per host). A client that goes away stops the searches.
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
        return (out) -> {
            try (found) {
                for (Channel.Item<String> file : found.items()) {
                    write(out, hostOf(file.context()) + ": " + file.value());
                }
                // The channel ended: every search has answered.
                for (Receiver<Integer> search : searches) {
                    try {
                        search.get(ANSWER_TIMEOUT);
                    }
                    catch (MitogenException ex) {
                        failures.add(hostOf(search.context()) + ": error: " + ex.getMessage());
                    }
                }
                for (String failure : failures) {
                    write(out, failure);
                }
            }
        };
    }

    private static void write(OutputStream out, String line) throws IOException {
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private String hostOf(Context context) {
        for (HostStatus status : this.contexts.statuses().values()) {
            if (status.context() == context) {
                return status.name();
            }
        }
        return context.name();
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

    @ExceptionHandler(HostUnavailableException.class)
    @ResponseStatus(HttpStatus.SERVICE_UNAVAILABLE)
    Map<String, String> unavailable(HostUnavailableException ex) {
        return Map.of("error", String.valueOf(ex.getMessage()));
    }

}

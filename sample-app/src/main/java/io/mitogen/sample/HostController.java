package io.mitogen.sample;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.mitogen.core.MitogenException;
import io.mitogen.core.Receiver;
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

    HostController(Contexts contexts) {
        this.contexts = contexts;
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
            String host = hostOf(answer);
            try {
                answers.put(host, answer.get());
            }
            catch (MitogenException ex) {
                answers.put(host, Map.of("error", String.valueOf(ex.getMessage())));
            }
        }
        return answers;
    }

    private String hostOf(Receiver<?> answer) {
        for (HostStatus status : this.contexts.statuses().values()) {
            if (status.context() == answer.context()) {
                return status.name();
            }
        }
        return answer.context().name();
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

package io.mitogen.sample;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import io.mitogen.core.Context;
import io.mitogen.core.MitogenException;
import io.mitogen.core.Router;
import io.mitogen.core.TransferListener;
import io.mitogen.core.TransferOptions;
import io.mitogen.core.TransferResult;
import io.mitogen.spring.Contexts;

/**
 * {@code POST /push?file=NAME}: pushes {@code sample.push.outbox/NAME} to every host at once, to
 * {@code sample.push.inbox/<host>/NAME} there, and streams each host's progress (a line per
 * quarter) and result ({@code host: done ...} or {@code host: error: ...}) as they happen. The
 * name is the only input: a plain file name, checked before any host sees it.
 */
@RestController
class PushController {

    private static final String END = "\0end";

    private final Contexts contexts;

    private final Router router;

    private final Path outbox;

    private final Path inbox;

    PushController(Contexts contexts, Router router, @Value("${sample.push.outbox}") Path outbox,
            @Value("${sample.push.inbox}") Path inbox) {
        this.contexts = contexts;
        this.router = router;
        this.outbox = outbox;
        this.inbox = inbox;
    }

    @PostMapping(path = "/push", produces = MediaType.TEXT_PLAIN_VALUE)
    StreamingResponseBody push(@RequestParam String file) {
        if (file.isEmpty() || file.contains("/") || file.equals("..") || file.equals(".") || file.indexOf('\0') >= 0
                || file.length() > 255) {
            throw new IllegalArgumentException("file must be a plain file name in " + this.outbox);
        }
        Path source = this.outbox.resolve(file);
        if (!Files.isRegularFile(source)) {
            throw new IllegalArgumentException("no file '" + file + "' in " + this.outbox);
        }
        List<String> hosts = new java.util.ArrayList<>(this.contexts.names());
        LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        AtomicInteger running = new AtomicInteger(hosts.size());
        for (String host : hosts) {
            Thread pusher = new Thread(() -> {
                try {
                    Context context = this.contexts.get(host);
                    TransferResult result = this.router.files().push(source, context,
                            this.inbox.resolve(host).resolve(file).toString(),
                            TransferOptions.builder().listener(progress(host, lines)).build());
                    lines.add(String.format("%s: done %d bytes in %d ms, sha256 %s", host, result.bytes(),
                            result.elapsed().toMillis(), result.sha256()));
                }
                catch (MitogenException ex) {
                    lines.add(host + ": error: " + ex.getMessage());
                }
                finally {
                    if (running.decrementAndGet() == 0) {
                        lines.add(END);
                    }
                }
            }, "sample-push-" + host);
            pusher.setDaemon(true);
            pusher.start();
        }
        return (out) -> {
            while (true) {
                String line;
                try {
                    line = lines.poll(5, TimeUnit.MINUTES);
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    return;
                }
                if (line == null || line.equals(END)) {
                    return;
                }
                write(out, line);
            }
        };
    }

    @ExceptionHandler(IllegalArgumentException.class)
    @ResponseStatus(HttpStatus.BAD_REQUEST)
    Map<String, String> badRequest(IllegalArgumentException ex) {
        return Map.of("error", String.valueOf(ex.getMessage()));
    }

    /** A line per host at each quarter of the file. */
    private static TransferListener progress(String host, LinkedBlockingQueue<String> lines) {
        int[] lastQuarter = { -1 };
        return (context, path, done, total) -> {
            int quarter = (total == 0) ? 4 : (int) (done * 4 / total);
            if (quarter != lastQuarter[0]) {
                lastQuarter[0] = quarter;
                lines.add(String.format("%s: %d%% (%d of %d bytes)", host, quarter * 25, done, total));
            }
        };
    }

    private static void write(OutputStream out, String line) throws IOException {
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}

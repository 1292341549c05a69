package io.mitogen.core.internal.classloading;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;
import java.util.function.Predicate;

import io.mitogen.core.internal.logging.Log;
import io.mitogen.core.internal.master.FirstAnswers;
import io.mitogen.core.internal.master.LoaderSource;
import io.mitogen.core.internal.router.MessageRouter;
import io.mitogen.core.internal.router.Stream;
import io.mitogen.core.internal.wire.Codec;
import io.mitogen.core.internal.wire.Message;

/**
 * Answers children's {@code GET_CLASS} and {@code GET_RESOURCE} requests. A master serves from its
 * class loaders; a child serves its own children from what it was sent, asking upwards only for
 * what it lacks, so a class crosses each link at most once.
 *
 * <p><b>Preloading.</b> A class answer carries the requested class and, breadth first, the
 * classes named in its constant pool (and theirs, and so on) that come from its own code source
 * or from one of the code sources of the classes it names itself, that this requester was not
 * sent yet, and that fit the byte budget. So a first call that needs a task class and the
 * libraries it calls costs one round trip when they fit, not one per class or per jar. What was
 * sent to whom is tracked per {@link Requester} (which also chooses what goes in its next answer)
 * until its route goes away.
 *
 * <p><b>Resources</b> go through the resource policy of the context that owns them (the master):
 * names are validated first ({@code ..}, absolute paths, NUL, backslashes are refused), then the
 * policy decides; a refusal is an empty answer and one log line naming the context and the
 * resource, never its content. A malformed request is refused the same way and the stream stays up.
 */
public final class ClassServer {

    private static final Log log = Log.get(ClassServer.class);

    /** Indexes into {@link #stats}. */
    public static final int CLASS_REQUESTS = 0, CLASSES_SERVED = 1, CLASSES_PRELOADED = 2, CLASSES_NOT_FOUND = 3,
            RESOURCE_REQUESTS = 4, RESOURCES_SERVED = 5, RESOURCES_NOT_FOUND = 6, REFUSED = 7, BYTES_SENT = 8,
            STAT_COUNT = 9;

    /** Default preload budget: compressed bytes of class files in one answer, requested class included. */
    public static final int DEFAULT_PRELOAD_BUDGET = 512 * 1024;

    /**
     * The budget for a child on this machine's own pipes (see {@link #nearby}): its round trip
     * costs about 0.1 ms, while filing a full answer of about 400 KB cost a fresh child 10 ms
     * before its first call could run.
     */
    public static final int NEARBY_BUDGET = 64 * 1024;

    static final int MAX_NAME_LENGTH = 1024;

    private final ClassSource source;

    private final Map<Integer, Requester> requesters = new ConcurrentHashMap<>();

    private final long[] totals = new long[STAT_COUNT];

    /** Kept first answers; {@code null} in a relaying child (see {@link #build}). */
    private final FirstAnswers firstAnswers;

    private volatile MessageRouter router;

    private volatile Codec codec;

    private volatile IntFunction<String> names = (id) -> "context " + id;

    private volatile int preloadBudget = DEFAULT_PRELOAD_BUDGET;

    /** Which resource names may be served; {@code null} in a relaying child (its parent decided). */
    private volatile Predicate<String> resourcePolicy;

    private ClassServer(ClassSource source, boolean keepsFirstAnswers) {
        this.source = source;
        this.firstAnswers = keepsFirstAnswers ? new FirstAnswers() : null;
    }

    /** A master's server: classes come from {@code loader}, and from the loaders of called methods. */
    public static ClassServer fromLoader(ClassLoader loader) {
        return new ClassServer(new LoaderSource(loader), true);
    }

    /** A child's server: classes come from what {@code loader} was sent, or asks its parent for. */
    public static ClassServer relaying(RemoteClassLoader loader) {
        return new ClassServer(loader, false);
    }

    /** Connects the server to the router it answers through; {@code names} names contexts in logs. */
    public void bind(MessageRouter router, Codec codec, IntFunction<String> names) {
        this.router = router;
        this.codec = codec;
        this.names = names;
    }

    /** Remembers where a called method's class came from, so its neighbours can be served too. */
    public void remember(String className, ClassLoader loader) {
        if (this.source instanceof LoaderSource) {
            ((LoaderSource) this.source).remember(loader);
        }
    }

    /** Bytes of related classes sent along with a requested one; {@code 0} turns preloading off. */
    public void preloadBudget(int bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("the preload budget must be >= 0, not " + bytes);
        }
        this.preloadBudget = bytes;
    }

    public int preloadBudget() {
        return this.preloadBudget;
    }

    /** Sets which resource names this server hands out (a master's policy). */
    public void resourcePolicy(Predicate<String> policy) {
        this.resourcePolicy = policy;
    }

    /** A snapshot of what was served to context {@code id} (all zeros if nothing). */
    public long[] stats(int id) {
        Requester requester = this.requesters.get(id);
        return (requester != null) ? requester.snapshot() : new long[STAT_COUNT];
    }

    /** A snapshot of everything this server served. */
    public long[] totals() {
        synchronized (this.totals) {
            return this.totals.clone();
        }
    }

    /**
     * Context {@code id} is a child on this machine's own pipes (local, sudo, su, doas): its
     * answers are held to {@link #NEARBY_BUDGET}, as a round trip there is cheaper than preloading.
     */
    public void nearby(int id) {
        Requester requester = requester(id);
        synchronized (requester) {
            requester.nearby = true;
        }
    }

    /** The budget of an answer to {@code requester}, whose lock the caller holds. */
    private int budgetFor(Requester requester) {
        int budget = this.preloadBudget;
        return requester.nearby ? Math.min(budget, NEARBY_BUDGET) : budget;
    }

    /** Context {@code id} is gone: forgets what it was sent. */
    public void forget(int id) {
        this.requesters.remove(id);
    }

    /**
     * A class answer for {@code className} (with its neighbours, as for a request) to send context
     * {@code id} unasked before calling it, or {@code null} when it was sent that class already or
     * the class is not at hand here, or preloading is off. Counted as served and preloaded, not
     * as a request: no round trip.
     */
    public byte[] offerFor(int id, String className) {
        if (this.preloadBudget <= 0) {
            return null;
        }
        Requester requester = requester(id);
        synchronized (requester) {
            if (requester.sent.contains(className)) {
                return null;
            }
        }
        Item item = this.source.peek(className);
        if (item == null) {
            return null;
        }
        Built built;
        synchronized (requester) {
            if (requester.sent.contains(className)) {
                return null; // another caller offered it meanwhile
            }
            built = build(requester, item, budgetFor(requester));
        }
        count(requester, CLASSES_SERVED, built.classes);
        // All of them unasked: preloaded, the offered class included.
        count(requester, CLASSES_PRELOADED, built.classes);
        count(requester, BYTES_SENT, built.payload.length);
        return built.payload;
    }

    /** {@code GET_CLASS}: answers with the class and its preloaded neighbours, or an empty answer. */
    public void onClassRequest(Message request, Stream in) {
        Requester requester = requester(request.srcId);
        count(requester, CLASS_REQUESTS, 1);
        String name = RequestNames.decode(request.payload);
        if (name == null || name.length() > MAX_NAME_LENGTH || !RequestNames.CLASS_NAME.matcher(name).matches()) {
            refuse(requester, request, "class", name, "not a class name");
            return;
        }
        CompletableFuture<Item> found;
        try {
            found = this.source.fetch(name);
        }
        catch (RuntimeException ex) {
            found = CompletableFuture.failedFuture(ex);
        }
        found.whenComplete((item, failure) -> {
            if (failure != null) {
                log.debug("class {} for {}: {}", name, this.names.apply(request.srcId), failure.toString());
            }
            answerClass(requester, request, (failure == null) ? item : null);
        });
    }

    /** {@code GET_RESOURCE}: answers with every copy of the resource the policy allows, or none. */
    public void onResourceRequest(Message request, Stream in) {
        Requester requester = requester(request.srcId);
        count(requester, RESOURCE_REQUESTS, 1);
        String name = RequestNames.decode(request.payload);
        String problem = resourceNameProblem(name);
        Predicate<String> policy = this.resourcePolicy;
        if (problem == null && policy != null && !policy.test(name)) {
            problem = "denied by the resource policy";
        }
        if (problem != null) {
            refuse(requester, request, "resource", name, problem);
            return;
        }
        CompletableFuture<List<Item>> found;
        try {
            found = this.source.fetchResources(name);
        }
        catch (RuntimeException ex) {
            found = CompletableFuture.failedFuture(ex);
        }
        found.whenComplete((items, failure) -> {
            List<Item> list = (failure == null && items != null) ? items : List.of();
            count(requester, list.isEmpty() ? RESOURCES_NOT_FOUND : RESOURCES_SERVED, Math.max(1, list.size()));
            send(requester, request, ClassAnswer.encodeResources(this.codec, list));
        });
    }

    private void answerClass(Requester requester, Message request, Item item) {
        if (item == null) {
            count(requester, CLASSES_NOT_FOUND, 1);
            send(requester, request, new ClassAnswer.Builder().encode(this.codec, Map.of()));
            return;
        }
        Built built;
        synchronized (requester) {
            built = build(requester, item, budgetFor(requester));
        }
        log.debug("{}: class {} from {}, with {} more", this.names.apply(request.srcId), item.name, item.origin,
                built.classes - 1);
        count(requester, CLASSES_SERVED, built.classes);
        count(requester, CLASSES_PRELOADED, built.classes - 1);
        send(requester, request, built.payload);
    }

    /**
     * The answer carrying {@code item} and its neighbours to {@code requester}, whose lock the
     * caller holds: for a fresh requester, the bytes kept from the last fresh one that was sent
     * this class, if any.
     */
    private Built build(Requester requester, Item item, int budget) {
        // Kept only where the class files are all at hand (a master): a relaying child's answer
        // depends on what it has been sent so far, which grows.
        boolean fresh = this.firstAnswers != null && requester.sent.isEmpty() && requester.frontier.isEmpty();
        FirstAnswers.Answer known = fresh ? this.firstAnswers.get(item.name, budget) : null;
        if (known != null) {
            requester.sent.addAll(known.sent);
            requester.frontier.addAll(known.frontier);
            return new Built(known.answer, known.classes);
        }
        ClassAnswer.Builder answer = new ClassAnswer.Builder();
        requester.choose(this.source, item, answer, budget);
        Map<String, String[]> packages = new LinkedHashMap<>();
        for (Item chosen : answer.classes) {
            String pkg = Item.packageOf(chosen.name);
            if (requester.sent.add("package " + pkg)) {
                String[] info = this.source.packageInfo(pkg, chosen.origin);
                if (info != null) {
                    packages.put(pkg, info);
                }
            }
        }
        Built built = new Built(answer.encode(this.codec, packages), answer.classes.size());
        if (fresh) {
            this.firstAnswers.put(item.name, new FirstAnswers.Answer(budget, built.payload, built.classes,
                    List.copyOf(requester.sent), List.copyOf(requester.frontier)));
        }
        return built;
    }

    /** An encoded class answer and how many classes it carries. */
    private static final class Built {

        final byte[] payload;

        final int classes;

        Built(byte[] payload, int classes) {
            this.payload = payload;
            this.classes = classes;
        }
    }

    private void refuse(Requester requester, Message request, String what, String name, String why) {
        count(requester, REFUSED, 1);
        log.warn("{}: refused {} {}: {}", this.names.apply(request.srcId), what, RequestNames.printable(name), why);
        send(requester, request, null);
    }

    private void send(Requester requester, Message request, byte[] answer) {
        byte[] payload = this.codec.encode(answer);
        count(requester, BYTES_SENT, payload.length);
        if (request.replyTo <= 0) {
            return;
        }
        this.router.sendTo(request.srcId, request.replyTo, 0, payload);
    }

    private Requester requester(int id) {
        return this.requesters.computeIfAbsent(id, (key) -> new Requester());
    }

    private void count(Requester requester, int stat, long amount) {
        requester.add(stat, amount);
        synchronized (this.totals) {
            this.totals[stat] += amount;
        }
    }

    /**
     * Why a resource name is refused before any policy is asked, or {@code null}: it must be a
     * relative path inside a code source, the way {@link ClassLoader#getResource} names are.
     */
    static String resourceNameProblem(String name) {
        if (name == null) {
            return "not a well-formed name";
        }
        if (name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
            return "empty or too long";
        }
        if (name.indexOf('\0') >= 0 || name.indexOf('\\') >= 0) {
            return "NUL or backslash in the name";
        }
        if (name.startsWith("/") || (name.length() > 1 && name.charAt(1) == ':')) {
            return "an absolute path";
        }
        String[] segments = name.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            if (segments[i].equals("..") || segments[i].equals(".")) {
                return "'.' or '..' in the path";
            }
            if (segments[i].isEmpty() && i < segments.length - 1) {
                return "an empty path segment";
            }
        }
        return null;
    }
}

package io.mitogen.core.internal.constants;

/**
 * Well-known handles, the receivers every context has. Handles from {@link #FIRST_DYNAMIC} up
 * are allocated for replies and channels.
 */
public final class Handles {

    /** {@code replyTo} of a message that reports failure; its payload is the reason. */
    public static final int IS_DEAD = -1;

    /** A child asks its parent for the bytes of a class. */
    public static final int GET_CLASS = 100;

    /** Run a static method; honoured only from the context's parent chain. */
    public static final int CALL_FUNCTION = 101;

    /** Log records and captured stdio travelling towards the master. */
    public static final int FORWARD_LOG = 102;

    /** A context announces that an id is now reachable through it. */
    public static final int ADD_ROUTE = 103;

    /** A context announces that an id it routed is gone. */
    public static final int DEL_ROUTE = 104;

    /** A child asks the master for an id for a context it is about to start. */
    public static final int ALLOCATE_ID = 105;

    /** Stop this context: its children first, then itself. */
    public static final int SHUTDOWN = 106;

    /** Start a child of this context (the hop of a {@code via} chain). */
    public static final int CONNECT = 110;

    /** Stop one child of this context, forcibly after a grace period. */
    public static final int STOP_CHILD = 111;

    /** The child's first frame: it is up and ready for calls. */
    public static final int READY = 112;

    /** The parent's first frame to a new child: its identity and settings. */
    public static final int CONFIG = 113;

    /** Answers with nothing; measures a round trip. */
    public static final int PING = 114;

    /** A child asks its parent for every copy of a resource (the parent's resource policy decides). */
    public static final int GET_RESOURCE = 115;

    /** The master's threshold for this context's log records changed. */
    public static final int SET_LOG_LEVEL = 116;

    /** Start writing a debug log ({@code router.enableDebug()}). */
    public static final int ENABLE_DEBUG = 117;

    /**
     * A child that is exiting asks its parent to close its end of the channel, so the child's
     * reader sees end of input at once even when a transport (sudo, su, a container CLI) keeps
     * the other direction open.
     */
    public static final int DISCONNECT = 118;

    /**
     * Parent to child: the channel whose handle the payload names (an int) was closed by its
     * owner, the sender of this message, so the child's senders for it stop.
     */
    public static final int CHANNEL_CLOSED = 119;

    /**
     * Parent to child: the route whose id and announcer the payload names (two ints) was
     * accepted by the master; each context on the way installs it, then passes this down.
     */
    public static final int ROUTE_ADDED = 120;

    /**
     * To a channel's owner, from its parent chain: the sender of the channel whose handle the
     * payload names (an int) is handed to the context the second int names, which may then
     * send to it (as sender {@code -(id + 1)}). Sent before the call that carries the sender.
     */
    public static final int CHANNEL_GRANT = 121;

    /**
     * Child to parent: this child detaches (see {@code ExecutionContext.detach()}): the parent no
     * longer stops or kills it, and only closes its end of the channel when it goes. Answered.
     */
    public static final int DETACHING = 122;

    /** Handle of the first frame a listening context writes to a program that attaches. */
    public static final int ATTACHED = 123;

    /**
     * Parent chain to a context: connect to the detached context listening on the socket the
     * payload names, and report what it said; then, told to, route to it and relay. Answered.
     */
    public static final int ATTACH_VIA = 124;

    /**
     * A child asks the master for a file or tree below a root the master serves
     * ({@code FileTransfer.fetch}); the payload names the child's sink handle and the path.
     */
    public static final int FETCH_FILE = 125;

    /**
     * A channel's owner to the context holding one of its senders: the payload (channel handle,
     * sender id, values, bytes: four ints) is what its reader consumed, room for that many more.
     */
    public static final int CHANNEL_CREDIT = 130;

    /**
     * FakeSsh: a context running {@code FakeSsh.run} asks the context that called it to open a
     * session at a destination it may not call itself (io.mitogen.core.internal.fakessh.Broker).
     */
    public static final int FAKESSH_OPEN = 131;

    /**
     * A parent to its child, just before a call: the task's class and its neighbours, unasked,
     * when the child was never sent them (a class answer), so the call's first line does not
     * wait a round trip for them.
     */
    public static final int CLASS_OFFER = 138;

    /** First handle handed out for replies and channels. */
    public static final int FIRST_DYNAMIC = 1000;

    private Handles() {
    }
}

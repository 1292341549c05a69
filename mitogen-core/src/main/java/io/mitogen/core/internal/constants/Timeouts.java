package io.mitogen.core.internal.constants;

/**
 * How long the runtime waits for a peer or for its own threads before it gives up, in one place.
 * These are safety nets, not tuning knobs: each wait normally ends long before, when its answer
 * arrives. Users set the timeouts that matter to them ({@code connectTimeout}, {@code shutdownGrace},
 * a call's {@code get(timeout)}); the margins below are added to those so that the side that owns
 * the deadline (the intermediate that connects, the child that stops) reports first, with the
 * better message. All are milliseconds and compile-time constants: nothing loads this class.
 */
public final class Timeouts {

    /** After a shutdown grace, how much longer a requested stop or {@code Broker.close()} waits. */
    public static final long STOP_MARGIN_MILLIS = 10_000;

    /** After a shutdown grace, how long exiting (a JVM-exit hook, a child's parent gone) waits for children. */
    public static final long EXIT_MARGIN_MILLIS = 5_000;

    /** After a {@code via} connect's own timeout, how long the answer may take to travel back. */
    public static final long CONNECT_ANSWER_MARGIN_MILLIS = 5_000;

    /** A parent's acknowledgement of a child's detaching. */
    public static final long DETACH_ACK_MILLIS = 10_000;

    /** The master's answer to a request for a block of context ids. */
    public static final long ID_ALLOCATION_MILLIS = 30_000;

    /** A detached subtree's socket answering attach's hello. */
    public static final long ATTACH_HELLO_MILLIS = 30_000;

    /** Each step of attaching to a detached subtree through its socket (hello, routing). */
    public static final long ATTACH_STEP_MILLIS = 40_000;

    /** The routes of an attached subtree being confirmed by every context above. */
    public static final long ROUTES_CONFIRMED_MILLIS = 30_000;

    /** A child saying goodbye: its stdout forwarder's last flush, and its parent link closing. */
    public static final long GOODBYE_STEP_MILLIS = 1_000;

    /** A child's last frame (DISCONNECT) leaving through its writer. */
    public static final long LAST_FRAME_MILLIS = 2_000;

    private Timeouts() {
    }
}

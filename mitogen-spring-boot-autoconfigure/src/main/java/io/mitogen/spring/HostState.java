package io.mitogen.spring;

/** Where a named host stands. */
public enum HostState {

    /** Never used yet (a lazy host before its first {@code get}). */
    NOT_CONNECTED,

    /** Being started now. */
    CONNECTING,

    /** Up and reachable. */
    CONNECTED,

    /** It was up, and its link was lost or it exited; the next use reconnects it. */
    DISCONNECTED,

    /** The last attempt to connect failed; the next one waits for the back-off. */
    FAILED

}

package io.mitogen.core;

/**
 * How much a {@link Channel} lets each sender get ahead of its reader: the flow-control window.
 * A sender handed to another context may have at most {@link #windowValues()} values or
 * {@link #windowBytes()} encoded bytes (one value may exceed the bytes alone) sent and not yet
 * read here; its next {@link Sender#send} waits until the reader catches up (or
 * {@link Sender#send(Object, java.time.Duration)} times out). So the owner's memory stays bounded
 * whatever its senders do: about {@code windowBytes} plus some 80 bytes per value, per sender
 * (with the defaults, 1,000 senders flooding a reader that stopped hold at most some 200 MiB).
 *
 * <pre>{@code
 * Channel<byte[]> chunks = router.channel(byte[].class,
 *         ChannelOptions.builder().windowValues(16).windowBytes(16 << 20).build());
 * }</pre>
 */
public final class ChannelOptions {

    /** Values per sender by default. */
    public static final int DEFAULT_WINDOW_VALUES = 1024;

    /** Encoded bytes per sender by default: 128 KiB. */
    public static final int DEFAULT_WINDOW_BYTES = 128 * 1024;

    /** At most 1 GiB per sender, so that credit counts fit the wire's ints. */
    static final int MAX_WINDOW_BYTES = 1 << 30;

    private static final ChannelOptions DEFAULTS = new ChannelOptions(DEFAULT_WINDOW_VALUES, DEFAULT_WINDOW_BYTES);

    private final int windowValues;

    private final int windowBytes;

    private ChannelOptions(int windowValues, int windowBytes) {
        this.windowValues = windowValues;
        this.windowBytes = windowBytes;
    }

    /** The defaults: {@value #DEFAULT_WINDOW_VALUES} values, {@value #DEFAULT_WINDOW_BYTES} bytes. */
    public static ChannelOptions defaults() {
        return DEFAULTS;
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Values a sender may have in flight and unread. */
    public int windowValues() {
        return this.windowValues;
    }

    /** Encoded bytes a sender may have in flight and unread. */
    public int windowBytes() {
        return this.windowBytes;
    }

    @Override
    public String toString() {
        return "ChannelOptions(windowValues=" + this.windowValues + ", windowBytes=" + this.windowBytes + ")";
    }

    /** Builds {@link ChannelOptions}; each setter checks its value. */
    public static final class Builder {

        private int windowValues = DEFAULT_WINDOW_VALUES;

        private int windowBytes = DEFAULT_WINDOW_BYTES;

        private Builder() {
        }

        /**
         * @param values values per sender in flight and unread, at least 1
         * @throws InvalidOptionsException if below 1
         */
        public Builder windowValues(int values) {
            if (values < 1) {
                throw new InvalidOptionsException("windowValues must be at least 1, got " + values);
            }
            this.windowValues = values;
            return this;
        }

        /**
         * @param bytes encoded bytes per sender in flight and unread, 1 KiB to 1 GiB
         * @throws InvalidOptionsException if outside that range
         */
        public Builder windowBytes(int bytes) {
            if (bytes < 1024 || bytes > MAX_WINDOW_BYTES) {
                throw new InvalidOptionsException("windowBytes must be between 1024 and " + MAX_WINDOW_BYTES
                        + " (1 GiB), got " + bytes);
            }
            this.windowBytes = bytes;
            return this;
        }

        public ChannelOptions build() {
            return new ChannelOptions(this.windowValues, this.windowBytes);
        }
    }
}

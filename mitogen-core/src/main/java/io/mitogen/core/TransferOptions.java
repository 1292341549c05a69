package io.mitogen.core;

/**
 * How {@link FileTransfer} writes at the target: {@code TransferOptions.builder().mode(0640)
 * .preserveTimes(true).listener(progress).build()}. Defaults: the source file's mode, the time of
 * writing, replace an existing file, create missing directories, no listener.
 */
public final class TransferOptions {

    private static final TransferOptions DEFAULTS = builder().build();

    private final int mode;

    private final boolean preserveTimes;

    private final boolean overwrite;

    private final boolean createDirectories;

    private final TransferListener listener;

    private TransferOptions(Builder builder) {
        this.mode = builder.mode;
        this.preserveTimes = builder.preserveTimes;
        this.overwrite = builder.overwrite;
        this.createDirectories = builder.createDirectories;
        this.listener = builder.listener;
    }

    /** A builder with the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** The defaults. */
    public static TransferOptions defaults() {
        return DEFAULTS;
    }

    /** The permission bits every written file gets ({@code 0640}), or {@code -1}: the source file's. */
    public int mode() {
        return this.mode;
    }

    /** Whether files keep the source's modification time. */
    public boolean preserveTimes() {
        return this.preserveTimes;
    }

    /** Whether an existing target file may be replaced (atomically). */
    public boolean overwrite() {
        return this.overwrite;
    }

    /** Whether missing directories above the target are created. */
    public boolean createDirectories() {
        return this.createDirectories;
    }

    /** The progress listener, or {@code null}. */
    public TransferListener listener() {
        return this.listener;
    }

    @Override
    public String toString() {
        return "TransferOptions(mode=" + ((this.mode < 0) ? "source" : Integer.toOctalString(this.mode))
                + ", preserveTimes=" + this.preserveTimes + ", overwrite=" + this.overwrite
                + ", createDirectories=" + this.createDirectories + ")";
    }

    /** Builds {@link TransferOptions}. */
    public static final class Builder {

        private int mode = -1;

        private boolean preserveTimes;

        private boolean overwrite = true;

        private boolean createDirectories = true;

        private TransferListener listener;

        private Builder() {
        }

        /** Permission bits for every written file, e.g. {@code 0640} (octal); default: the source's. */
        public Builder mode(int mode) {
            if (mode < 0 || mode > 07777) {
                throw new InvalidOptionsException("mode " + Integer.toOctalString(mode)
                        + " is not a permission mode (0 .. 07777, e.g. 0640)");
            }
            this.mode = mode;
            return this;
        }

        /** Keep the source's modification time (default: no, the time of writing). */
        public Builder preserveTimes(boolean preserveTimes) {
            this.preserveTimes = preserveTimes;
            return this;
        }

        /** Replace an existing target (default: yes); {@code false} fails with {@link TargetExistsException}. */
        public Builder overwrite(boolean overwrite) {
            this.overwrite = overwrite;
            return this;
        }

        /**
         * Create missing directories above the target (default: yes); {@code false} fails with
         * {@link TargetDirectoryMissingException}.
         */
        public Builder createDirectories(boolean createDirectories) {
            this.createDirectories = createDirectories;
            return this;
        }

        /** Hears progress per file. */
        public Builder listener(TransferListener listener) {
            this.listener = listener;
            return this;
        }

        public TransferOptions build() {
            return new TransferOptions(this);
        }
    }
}

package io.mitogen.core;

import java.util.Map;

/**
 * Options for {@link Router#local(LocalOptions)}: a child JVM on this machine (or on the
 * machine of the {@code via} context), started directly as a subprocess.
 *
 * <pre>{@code
 * Context b = router.local(LocalOptions.builder().remoteName("worker-b").build());
 * Context c = router.local(LocalOptions.builder().via(a).build());
 * }</pre>
 */
public final class LocalOptions extends ConnectionOptions {

    private LocalOptions(Builder builder) {
        super(builder);
    }

    /** A builder with every option at its default. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String method() {
        return "local";
    }

    /** Options sent by a parent: local has only the options every method shares. */
    static Builder fromWire(Map<String, Object> wire) {
        return builder();
    }

    /** Builds {@link LocalOptions}. */
    public static final class Builder extends ConnectionOptions.Builder<Builder> {

        private Builder() {
        }

        /** The options; throws {@link InvalidOptionsException} naming any bad value. */
        public LocalOptions build() {
            return new LocalOptions(this);
        }

        @Override
        protected Builder self() {
            return this;
        }
    }
}

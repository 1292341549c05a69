package io.mitogen.core;

import java.util.Map;

/**
 * What the methods that run a child as another user on the same machine share ({@code sudo},
 * {@code su}, {@code doas}): the user to become and the password the tool may ask for, as
 * {@link ContainerOptions} is for the container methods.
 */
public abstract class UserSwitchOptions extends ConnectionOptions {

    private final String username;

    private final Secret password;

    protected UserSwitchOptions(Builder<?> builder) {
        super(builder);
        this.username = MethodWire.required("username", builder.username);
        this.password = builder.password;
    }

    /** The user to become (default {@code root}). */
    public String username() {
        return this.username;
    }

    /** The password to answer the tool's prompt with, or {@code null}; it never prints. */
    public Secret password() {
        return this.password;
    }

    @Override
    Map<String, Object> toWire() {
        return MethodWire.extend(super.toWire(), "username", this.username, "password", this.password);
    }

    /** Sets the user and password of {@code builder} from {@link #toWire()}'s values. */
    static <B extends Builder<B>> B fromWire(B builder, Map<String, Object> wire) {
        return builder.username(MethodWire.string(wire, "username")).password(MethodWire.secret(wire, "password"));
    }

    /**
     * The options every user-switching method's builder has.
     *
     * @param <B> the concrete builder, returned by each setter
     */
    public abstract static class Builder<B extends Builder<B>> extends ConnectionOptions.Builder<B> {

        private String username = "root";

        private Secret password;

        protected Builder() {
        }

        /** The user to become (default {@code root}). */
        public B username(String username) {
            this.username = username;
            return self();
        }

        /** The password the tool may ask for; it never appears in logs, messages or {@code toString()}. */
        public B password(String password) {
            this.password = Secret.of(password);
            return self();
        }

        /** The password the tool may ask for. */
        public B password(Secret password) {
            this.password = password;
            return self();
        }
    }
}

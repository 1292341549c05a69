package io.mitogen.spring.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a {@link MitogenConfigurationException} into a start-up report in the shape of Spring
 * Boot's own binding errors: the property, its origin, the reason, and what to do.
 */
class MitogenFailureAnalyzer extends AbstractFailureAnalyzer<MitogenConfigurationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, MitogenConfigurationException cause) {
        StringBuilder description = new StringBuilder("Invalid mitogen configuration:\n\n");
        description.append("    Property: ").append(cause.getProperty()).append('\n');
        if (cause.getOrigin() != null) {
            description.append("    Origin: ").append(cause.getOrigin()).append('\n');
        }
        String message = String.valueOf(cause.getMessage());
        String reason = message.startsWith(cause.getProperty() + ": ")
                ? message.substring(cause.getProperty().length() + 2) : message;
        description.append("    Reason: ").append(reason).append('\n');
        return new FailureAnalysis(description.toString(),
                "Update your application's configuration: " + cause.getAction(), cause);
    }

    /**
     * An eager host that could not connect: the host, how it is reached and the cause, on one
     * screen instead of a long stack trace.
     */
    static class EagerConnect extends AbstractFailureAnalyzer<EagerHostConnectException> {

        @Override
        protected FailureAnalysis analyze(Throwable rootFailure, EagerHostConnectException cause) {
            Throwable root = cause.getCause();
            String description = "A mitogen host failed to connect while the application started:\n\n"
                    + "    Host: " + cause.getHost() + " (mitogen.hosts." + cause.getHost() + ")\n"
                    + "    Transport: " + cause.getTransport() + "\n"
                    + "    Cause: " + ((root != null) ? root.getClass().getSimpleName() + ": " + root.getMessage() : "?")
                    + "\n";
            return new FailureAnalysis(description, "Check mitogen.hosts." + cause.getHost()
                    + " (java-path, jvm-args, the transport's keys) and that the host is reachable, or set its connect"
                    + " to lazy so that the application starts without it.", cause);
        }

    }

}

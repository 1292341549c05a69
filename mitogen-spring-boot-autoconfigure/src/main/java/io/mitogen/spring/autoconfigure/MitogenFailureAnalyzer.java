package io.mitogen.spring.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a {@link MitogenConfigurationException} into a start-up report that names the
 * property and says how to fix it.
 */
class MitogenFailureAnalyzer extends AbstractFailureAnalyzer<MitogenConfigurationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, MitogenConfigurationException cause) {
        return new FailureAnalysis("Invalid mitogen configuration: " + cause.getMessage(),
                "Update your application's configuration: " + cause.getAction(), cause);
    }

}

package io.mitogen.core.internal.logging.slf4j;

import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The SLF4J provider of a child, named by the {@code slf4j.provider} property: loggers whose
 * records go to the parent. This package is left out of the core bundle on purpose: a child
 * loads it from its parent, like SLF4J itself, so it is defined beside the SLF4J it implements.
 */
public final class ForwardingServiceProvider implements SLF4JServiceProvider {

    private ILoggerFactory loggerFactory;

    private IMarkerFactory markerFactory;

    private MDCAdapter mdcAdapter;

    @Override
    public ILoggerFactory getLoggerFactory() {
        return this.loggerFactory;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return this.markerFactory;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return this.mdcAdapter;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    @Override
    public void initialize() {
        this.loggerFactory = ForwardingLogger::new;
        this.markerFactory = new BasicMarkerFactory();
        this.mdcAdapter = new BasicMDCAdapter();
    }
}

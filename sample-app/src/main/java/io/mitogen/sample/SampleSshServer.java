package io.mitogen.sample;

import java.util.Map;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.env.MapPropertySource;

import io.mitogen.test.SshTestServer;

/**
 * The sample's own ssh host, so that it needs nothing outside this machine: mitogen-test's
 * in-process ssh server on 127.0.0.1 at a free port, started before the application context,
 * accepting only a key generated at start. Its port, the private key file and a known_hosts file
 * with its host key become the {@code sample.ssh.*} properties that {@code application.yml}
 * uses; all of it is gone when the application stops.
 */
public class SampleSshServer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        SshTestServer server = SshTestServer.start();
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("sample-ssh",
                Map.of("sample.ssh.port", server.port(), "sample.ssh.identity-file", server.clientKey().toString(),
                        "sample.ssh.known-hosts", server.knownHosts().toString())));
        context.addApplicationListener((ContextClosedEvent event) -> server.close());
    }

}

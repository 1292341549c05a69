package io.mitogen.core.internal.transport.ssh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.sshd.client.config.hosts.ConfigFileHostEntryResolver;
import org.apache.sshd.client.config.hosts.HostConfigEntry;

import io.mitogen.core.ConnectFailedException;
import io.mitogen.core.SshOptions;


/** Where to connect, after the ssh config: the resolved host, port and user. */
final class Target {

    final String host;

    final int port;

    final String username;

    final List<String> configuredIdentities;

    private Target(String host, int port, String username, List<String> configuredIdentities) {
        this.host = host;
        this.port = port;
        this.username = username;
        this.configuredIdentities = configuredIdentities;
    }

    static Target resolve(SshOptions ssh) {
        HostConfigEntry entry = null;
        if (ssh.sshConfig()) {
            Path file = (ssh.sshConfigFile() != null) ? ssh.sshConfigFile() : HostConfigEntry.getDefaultHostConfigFile();
            if (Files.exists(file)) {
                try {
                    entry = new ConfigFileHostEntryResolver(file).resolveEffectiveHost(ssh.hostname(), ssh.port(), null,
                            ssh.username(), null, null);
                }
                catch (IOException | RuntimeException ex) {
                    throw new ConnectFailedException("ssh to " + ssh.hostname() + ": cannot read the ssh config " + file
                            + " on " + Machine.hostname() + ": " + ex.getMessage() + "; fix the file, or"
                            + " connect without it with sshConfig(false)", ex);
                }
            }
            else if (ssh.sshConfigFile() != null) {
                throw new ConnectFailedException("ssh to " + ssh.hostname() + ": the ssh config " + file
                        + " does not exist on " + Machine.hostname() + " (files are read by the context that"
                        + " opens the connection); check the path, or drop sshConfig(file)");
            }
        }
        String host = (entry != null && entry.getHostName() != null) ? entry.getHostName() : ssh.hostname();
        int port = (ssh.port() > 0) ? ssh.port() : (entry != null && entry.getPort() > 0) ? entry.getPort() : 22;
        String user = (ssh.username() != null) ? ssh.username()
                : (entry != null && entry.getUsername() != null) ? entry.getUsername() : System.getProperty("user.name");
        List<String> identities = (entry != null && entry.getIdentities() != null)
                ? new ArrayList<>(entry.getIdentities()) : new ArrayList<>();
        return new Target(host, port, user, identities);
    }

    /** The host as known hosts files name it: {@code host}, or {@code [host]:port} off port 22. */
    String knownHostsName() {
        return (this.port == 22) ? this.host : "[" + this.host + "]:" + this.port;
    }

    @Override
    public String toString() {
        return "ssh " + this.username + "@" + this.host + ":" + this.port;
    }
}

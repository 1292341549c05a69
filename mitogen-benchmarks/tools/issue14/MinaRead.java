import java.io.*;
import java.nio.file.*;
import java.security.KeyPair;
import java.util.*;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.cipher.Cipher;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.apache.sshd.core.CoreModuleProperties;

/** c->p bulk through MINA alone: args mode(piped|pipedbuf|out) windowBytes packetBytes MiB rounds */
public class MinaRead {
    public static void main(String[] a) throws Exception {
        String mode = a[0];
        long window = Long.parseLong(a[1]);
        long packet = Long.parseLong(a[2]);
        long mib = Long.parseLong(a[3]);
        int rounds = Integer.parseInt(a[4]);
        SshClient client = SshClient.setUpDefaultClient();
        List<NamedFactory<Cipher>> ciphers = new ArrayList<>(client.getCipherFactories());
        ciphers.sort(Comparator.comparingInt((f) -> f.getName().contains("-gcm@") ? 0 : 1));
        client.setCipherFactories(ciphers);
        client.setServerKeyVerifier((s, addr, k) -> true);
        if (window > 0) CoreModuleProperties.WINDOW_SIZE.set(client, window);
        if (packet > 0) CoreModuleProperties.MAX_PACKET_SIZE.set(client, packet);
        client.start();
        KeyPair kp;
        try (InputStream in = Files.newInputStream(Path.of(System.getenv("MITOGEN_TESTBED_KEY")))) {
            kp = SecurityUtils.loadKeyPairIdentities(null, null, in, null).iterator().next();
        }
        try (ClientSession s = client.connect("mitotest", "127.0.0.1", 2222).verify(10000).getSession()) {
            s.addPublicKeyIdentity(kp);
            s.auth().verify(10000);
            System.out.println("# cipher " + s.getNegotiatedKexParameter(org.apache.sshd.common.kex.KexProposalOption.S2CENC) + " mode " + mode + " window " + window + " packet " + packet);
            for (int r = 0; r < rounds; r++) {
                ChannelExec ch = s.createExecChannel(System.getProperty("cmd", "head -c " + (mib << 20) + " /dev/zero"));
                long[] count = {0};
                if (mode.equals("out")) {
                    ch.setOut(new OutputStream() {
                        public void write(int b) { count[0]++; }
                        public void write(byte[] b, int off, int len) { count[0] += len; }
                    });
                }
                ch.open().verify(10000);
                long t0 = System.nanoTime();
                if (mode.startsWith("piped")) {
                    InputStream in = ch.getInvertedOut();
                    byte[] buf = new byte[64 * 1024];
                    if (mode.equals("pipedbuf")) {
                        DataInputStream d = new DataInputStream(new BufferedInputStream(in, 64 * 1024));
                        byte[] hdr = new byte[30];
                        try {
                            while (true) { d.readFully(hdr); d.readFully(buf, 0, buf.length); count[0] += 30 + buf.length; }
                        } catch (EOFException eof) { }
                    } else {
                        int n;
                        while ((n = in.read(buf)) > 0) count[0] += n;
                    }
                } else {
                    ch.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), 0);
                }
                long t1 = System.nanoTime();
                ch.close(false).await();
                System.out.printf("%s round %d: %.1f MiB/s (%d bytes)%n", mode, r, count[0] / 1048576.0 / ((t1 - t0) / 1e9), count[0]);
            }
        }
        client.stop();
    }
}

package io.mitogen.core.internal.classloading;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLConnection;
import java.net.URLStreamHandler;

/**
 * {@code mitogen:} URLs in a child: the parent's URL for a class's code source or a resource,
 * prefixed so it cannot be taken for a file of the child's machine. A resource URL opens the
 * bytes fetched from the parent (nothing is written to disk); a code source URL opens nothing,
 * because what it names exists only on the parent's machine.
 */
final class MemoryUrls extends URLStreamHandler {

    static final String PROTOCOL = "mitogen";

    private final byte[] content;

    private MemoryUrls(byte[] content) {
        this.content = content;
    }

    /** The location of a code source in the parent, e.g. {@code mitogen:jar:file:/app/x.jar!/}. */
    static URL location(String origin) {
        return url(origin, null);
    }

    /** A resource fetched from the parent, opening its bytes. */
    static URL resource(Item item) {
        return url(item.origin, item.bytes);
    }

    private static URL url(String origin, byte[] content) {
        try {
            return new URL(PROTOCOL, null, -1, origin, new MemoryUrls(content));
        }
        catch (MalformedURLException ex) {
            throw new IllegalArgumentException("cannot make a URL for " + origin, ex);
        }
    }

    @Override
    protected URLConnection openConnection(URL url) throws IOException {
        byte[] bytes = this.content;
        if (bytes == null) {
            throw new IOException(url + " names a code source in the parent's JVM; it cannot be read in this child");
        }
        return new URLConnection(url) {
            @Override
            public void connect() {
                this.connected = true;
            }

            @Override
            public InputStream getInputStream() {
                return new ByteArrayInputStream(bytes);
            }

            @Override
            public long getContentLengthLong() {
                return bytes.length;
            }

            @Override
            public int getContentLength() {
                return bytes.length;
            }
        };
    }
}

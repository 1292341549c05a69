package io.mitogen.core.internal.fakessh;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/** A bounded byte pipe: {@link BuiltinSftp}'s subsystem thread writes replies, the relay's pump reads them. */
final class ReplyPipe extends InputStream {

    private final ReentrantLock lock = new ReentrantLock();

    private final Condition changed = this.lock.newCondition();

    private final byte[] ring = new byte[BuiltinSftp.IN_FLIGHT];

    private int start;

    private int count;

    private boolean closed;

    void write(byte[] bytes, int offset, int length) throws IOException {
        this.lock.lock();
        try {
            while (length > 0) {
                while (this.count == this.ring.length && !this.closed) {
                    this.changed.awaitUninterruptibly();
                }
                if (this.closed) {
                    throw new IOException("the sftp session has ended");
                }
                int end = (this.start + this.count) % this.ring.length;
                int n = Math.min(length, Math.min(this.ring.length - this.count, this.ring.length - end));
                System.arraycopy(bytes, offset, this.ring, end, n);
                this.count += n;
                offset += n;
                length -= n;
                this.changed.signalAll();
            }
        }
        finally {
            this.lock.unlock();
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return (read(one, 0, 1) < 0) ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] into, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        this.lock.lock();
        try {
            while (this.count == 0 && !this.closed) {
                this.changed.awaitUninterruptibly();
            }
            if (this.count == 0) {
                return -1;
            }
            int n = Math.min(length, Math.min(this.count, this.ring.length - this.start));
            System.arraycopy(this.ring, this.start, into, offset, n);
            this.start = (this.start + n) % this.ring.length;
            this.count -= n;
            this.changed.signalAll();
            return n;
        }
        finally {
            this.lock.unlock();
        }
    }

    @Override
    public void close() {
        this.lock.lock();
        try {
            this.closed = true;
            this.changed.signalAll();
        }
        finally {
            this.lock.unlock();
        }
    }
}

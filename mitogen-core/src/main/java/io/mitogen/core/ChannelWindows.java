package io.mitogen.core;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.mitogen.core.internal.logging.Log;
import io.mitogen.core.internal.constants.Handles;
import io.mitogen.core.internal.wire.Message;

/**
 * The owner's half of a channel's flow control: per sender handed out, what arrived and is not
 * yet read, and what was read and not yet credited back. Credit ({@code CHANNEL_CREDIT}: channel
 * handle, sender id, values, bytes) goes to the context a value came from (its authenticated
 * source), whichever context holds the sender, once half a window was read.
 *
 * <p>A sender that ignores the window (only a broken or hostile context would) has its values
 * over the window dropped, with one warning: the owner's memory stays bounded whatever senders do.
 */
final class ChannelWindows {

    private static final Log log = Log.get(ChannelWindows.class);

    private final Router router;

    private final int handle;

    private final ChannelOptions options;

    private final Map<Integer, Account> accounts = new ConcurrentHashMap<>();

    ChannelWindows(Router router, int handle, ChannelOptions options) {
        this.router = router;
        this.handle = handle;
        this.options = options;
        // Loaded now, on the thread that opens the channel: in a child this class is fetched from
        // the parent on first use, and the first value arrives on the stream's reading thread,
        // which cannot wait for an answer that only it could read.
        new Account();
    }

    ChannelOptions options() {
        return this.options;
    }

    /**
     * A value of {@code size} bytes arrived from sender {@code senderId} (on the receiving thread).
     *
     * @return {@code false} if it is over the sender's window: drop it
     */
    boolean arrived(int senderId, int size, int fromId) {
        Account account = this.accounts.computeIfAbsent(senderId, (id) -> new Account());
        synchronized (account) {
            int maxValues = this.options.windowValues();
            long maxBytes = this.options.windowBytes();
            if (account.queuedValues < maxValues
                    && (account.queuedBytes + size <= maxBytes || account.queuedBytes < maxBytes / 2)) {
                account.queuedValues++;
                account.queuedBytes += size;
                return true;
            }
            if (!account.warned) {
                account.warned = true;
                log.warn("channel {}: context {} sent over its window ({}); dropping what goes beyond it", this.handle,
                        fromId, this.options);
            }
            return false;
        }
    }

    /** A value of {@code size} bytes from sender {@code senderId} in context {@code fromId} was read. */
    void consumed(int senderId, int size, int fromId) {
        Account account = this.accounts.get(senderId);
        if (account == null) {
            return;
        }
        int values;
        long bytes;
        synchronized (account) {
            account.queuedValues--;
            account.queuedBytes -= size;
            account.readValues++;
            account.readBytes += size;
            if (account.readValues < Math.max(1, this.options.windowValues() / 2)
                    && account.readBytes < this.options.windowBytes() / 2) {
                return;
            }
            values = account.readValues;
            bytes = account.readBytes;
            account.readValues = 0;
            account.readBytes = 0;
        }
        byte[] payload = this.router.codec.writer().writeInt(this.handle).writeInt(senderId).writeInt(values)
                .writeInt((int) Math.min(Integer.MAX_VALUE, bytes)).toByteArray();
        try {
            this.router.core.sendTo(fromId, Handles.CHANNEL_CREDIT, 0, payload);
        }
        catch (RuntimeException ex) {
            log.debug("channel {}: no credit to context {}: {}", this.handle, fromId, ex.toString());
        }
    }

    /** Sender {@code senderId} is done; {@code true}, to be used in a filter. */
    boolean forget(int senderId) {
        this.accounts.remove(senderId);
        return true;
    }

    private static final class Account {

        int queuedValues;

        long queuedBytes;

        int readValues;

        long readBytes;

        boolean warned;
    }
}

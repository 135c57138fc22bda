package dev.barrage.sim;

import io.netty.channel.ChannelFuture;

/**
 * Turns the events of one {@link Sequence} into HTTP output. All methods run on the channel's
 * event loop, in the order begin, admitted, token(0..L-1), finish.
 */
interface ReplyWriter {

    /** On arrival, before the request waits for a slot. */
    void begin();

    /** When the request gets a batch slot. */
    void admitted();

    /** Token {@code tokenIndex} is due; the last one carries the finish reason. */
    void token(int tokenIndex);

    /** After the last token: ends the response and returns the future of its last write. */
    ChannelFuture finish();

    /** The {@code cut} fault: sends what was written so far and closes the connection mid-reply. */
    void cut();
}

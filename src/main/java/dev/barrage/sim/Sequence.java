package dev.barrage.sim;

import io.netty.channel.ChannelFuture;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One generation: waits for a batch slot, then emits its tokens on a deadline schedule and frees
 * the slot. All state changes run on the channel's event loop; only {@link #admit} may be called
 * from another thread (by whoever freed the slot), and it hops to the event loop.
 *
 * <p>Tokens are scheduled against deadlines, not "now + delay": each deadline is the previous one
 * plus the gap, so the mean gap is exact and scheduler lateness does not accumulate. When the
 * loop has fallen more than one gap behind, the deadline restarts from now, so a stall is
 * followed by normal gaps rather than a burst of catch-up tokens.
 */
final class Sequence implements BatchScheduler.Member, Runnable {

    /** Told when the reply has been completely written. */
    interface Listener {
        void finished(ChannelFuture lastWrite);
    }

    private enum State { WAITING, DECODING, FINISHED, CANCELLED }

    private final EventExecutor executor;
    private final Reply reply;
    private final ReplyWriter writer;
    private final SimEngine engine;
    private final Listener listener;
    /** When the request was complete: with a free slot, its TTFT counts from here. */
    private final long receivedNanos;
    private State state = State.WAITING;
    private int nextTokenIndex;
    private long deadlineNanos;
    private ScheduledFuture<?> timer;
    /** Tokens this sequence holds in the simulated KV cache (prompt, then one per token). */
    private long kvHeld;
    private long lastTokenNanos;

    Sequence(EventExecutor executor, Reply reply, ReplyWriter writer, SimEngine engine, long receivedNanos,
            Listener listener) {
        this.executor = executor;
        this.receivedNanos = receivedNanos;
        this.reply = reply;
        this.writer = writer;
        this.engine = engine;
        this.listener = listener;
    }

    /**
     * Sends what is due on arrival and asks for a slot. On the event loop; a no-op once the client
     * left (a {@code stall-headers} fault starts the sequence late).
     */
    void start() {
        if (state != State.WAITING) {
            return;
        }
        writer.begin();
        // a stall-headers fault started this late on purpose: its time starts now
        engine.scheduler().submit(this, reply.has(Fault.Kind.STALL_HEADERS) ? System.nanoTime() : receivedNanos);
    }

    @Override
    public void admit(long admittedAtNanos) {
        if (executor.inEventLoop()) {
            onAdmitted(admittedAtNanos);
        } else {
            executor.execute(() -> onAdmitted(admittedAtNanos));
        }
    }

    private void onAdmitted(long admittedAtNanos) {
        if (state != State.WAITING) {
            return; // the client left while the admission was on its way here; the slot is already freed
        }
        state = State.DECODING;
        int prompt = Math.max(0, reply.request().promptTokens());
        engine.metrics().admitted(admittedAtNanos - receivedNanos, prompt, reply.request().cachedTokens());
        kvHeld = prompt;
        writer.admitted();
        if (reply.has(Fault.Kind.CUT) && reply.fault().intValue() == 0) {
            cut();
            return;
        }
        deadlineNanos = admittedAtNanos + engine.timing().firstTokenDelayNanos(
                reply.request().promptTokens() - Math.max(0, reply.request().cachedTokens()));
        scheduleAtDeadline();
    }

    /** A token is due. */
    @Override
    public void run() {
        if (state != State.DECODING) {
            return;
        }
        long nowNanos = System.nanoTime();
        int tokenIndex = nextTokenIndex++;
        engine.counters().tokenSent();
        if (tokenIndex == 0) {
            engine.metrics().firstToken(nowNanos - receivedNanos);
        } else {
            engine.metrics().nextToken(nowNanos - lastTokenNanos);
        }
        lastTokenNanos = nowNanos;
        kvHeld++;
        writer.token(tokenIndex);
        if (reply.isLastToken(tokenIndex)) {
            finish();
            return;
        }
        if (reply.fault() != null && faultAfterToken(tokenIndex)) {
            return;
        }
        long gapNanos = engine.timing().interTokenDelayNanos(engine.scheduler().admitted());
        if (tokenIndex == 0 && reply.has(Fault.Kind.STALL_STREAM)) {
            gapNanos += reply.fault().valueNanos();
        }
        if (nowNanos - deadlineNanos > gapNanos) {
            deadlineNanos = nowNanos;
        }
        deadlineNanos += gapNanos;
        scheduleAtDeadline();
    }

    /** The {@code cut} fault: true when the reply was cut after this token. */
    private boolean faultAfterToken(int tokenIndex) {
        if (reply.has(Fault.Kind.CUT) && tokenIndex + 1 >= reply.fault().intValue()) {
            cut();
            return true;
        }
        return false;
    }

    /** Ends the reply abruptly: the connection closes, the slot is freed, nothing more is sent. */
    private void cut() {
        state = State.FINISHED;
        timer = null;
        engine.scheduler().release(this);
        freeKv();
        writer.cut();
    }

    private void scheduleAtDeadline() {
        long delayNanos = Math.max(0, deadlineNanos - System.nanoTime());
        timer = executor.schedule(this, delayNanos, TimeUnit.NANOSECONDS);
    }

    private void finish() {
        state = State.FINISHED;
        timer = null;
        // counted before the write so a client that has read the reply also sees it counted
        engine.counters().completed();
        engine.metrics().finished(System.nanoTime() - receivedNanos, reply.plan().finishReason());
        ChannelFuture lastWrite = writer.finish();
        engine.scheduler().release(this);
        freeKv();
        listener.finished(lastWrite);
    }

    /** The client went away: leave the queue or free the slot. On the event loop; idempotent. */
    void cancel() {
        if (state != State.WAITING && state != State.DECODING) {
            return;
        }
        state = State.CANCELLED;
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        engine.scheduler().release(this);
        freeKv();
        engine.counters().disconnected();
    }

    private void freeKv() {
        engine.metrics().freed(kvHeld);
        kvHeld = 0;
    }
}

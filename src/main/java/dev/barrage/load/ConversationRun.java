package dev.barrage.load;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.barrage.api.ApiAdapter;
import dev.barrage.dataset.Conversations;
import dev.barrage.dataset.Dataset;
import dev.barrage.dataset.Prompt;
import dev.barrage.transport.HttpClient;
import dev.barrage.transport.HttpExchange;

import java.util.ArrayDeque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.TimeUnit;

/**
 * Runs conversations ({@code --multi-turn}): each is a sequence of turns, and each turn is sent
 * only after the previous reply arrived, with the history grown by that reply's content (never
 * its reasoning). {@code --number} counts conversations.
 * <ul>
 *   <li>closed (no rate): {@code parallel} conversations at a time; when one ends the next
 *       starts at once (evalscope's model).</li>
 *   <li>open model (rate): conversations <em>start</em> at the {@link ArrivalSchedule}'s times,
 *       while each conversation's turns run in order; with a cap, an arrival waits for one of
 *       {@code parallel} conversation slots, and that wait is reported as queue time; in an open
 *       loop only {@code --max-in-flight} bounds the conversations under way (beyond it arrivals
 *       are dropped and counted). evalscope instead sleeps a random gap before every turn.</li>
 * </ul>
 * A later turn's intended send time is when its previous reply ended plus {@code --think-time};
 * so its queue time is only this client's own delay. A failed turn ends its conversation (the
 * history would be wrong). After {@code --duration}, no conversation starts; those under way
 * finish. One thread — the caller — builds and sends every turn; I/O threads only hand finished
 * exchanges back through a lock-free queue.
 */
final class ConversationRun {
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final HttpClient client;
    private final ApiAdapter adapter;
    private final Dataset dataset;
    private final StopSignal stop;
    private final LoadPlan plan;
    private final int maxTurns;
    private final long thinkNanos;
    private RequestIdentity identity = RequestIdentity.NONE;

    private final LinkedTransferQueue<HttpExchange> finished = new LinkedTransferQueue<>();
    private final Map<HttpExchange, Conversation> waitingForReply = new IdentityHashMap<>();
    private final PriorityQueue<Conversation> thinking = new PriorityQueue<>((a, b) -> Long.compare(a.due, b.due));
    /** Paced arrivals not started yet: {arrival number, intended start}. */
    private final ArrayDeque<long[]> waitingForSlot = new ArrayDeque<>();
    private long measuredRequests;
    private long warmupRequests;
    private int started;
    private int underWay;
    private int dropped;
    private HttpExchange first;

    /** One conversation under way. */
    private static final class Conversation {
        final long id;
        final List<Conversations.Turn> turns;
        final ArrayNode history = NODES.arrayNode();
        int next;
        long due;
        /** When a paced, capped conversation got its slot (its first turn's queue time ends here); 0 otherwise. */
        long slotNanos;

        Conversation(long id, List<Conversations.Turn> turns) {
            this.id = id;
            this.turns = turns;
        }

        boolean warmup() {
            return id < 0;
        }
    }

    /**
     * @param maxTurns   turns after which a conversation ends ({@code --max-turns}); 0 = all of them
     * @param thinkNanos wait between a reply and the next turn
     */
    ConversationRun(HttpClient client, ApiAdapter adapter, Dataset dataset, StopSignal stop, LoadPlan plan,
            int maxTurns, long thinkNanos) {
        this.client = client;
        this.adapter = adapter;
        this.dataset = dataset;
        this.stop = stop;
        this.plan = plan;
        this.maxTurns = maxTurns;
        this.thinkNanos = thinkNanos;
    }

    /** Turns the measured conversations of a run will send when none fails (for progress lines). */
    static long plannedTurns(Dataset dataset, int warmup, int number, int maxTurns) {
        long turns = 0;
        for (int i = 0; i < number; i++) {
            int n = Conversations.turnCount(dataset.get(warmup + i));
            turns += maxTurns > 0 ? Math.min(n, maxTurns) : n;
        }
        return turns;
    }

    /** What each turn carries to be joined with the server's logs; none by default. */
    ConversationRun identity(RequestIdentity identity) {
        this.identity = identity;
        return this;
    }

    LoadRun.Outcome run(Collector collector) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = plan.durationNanos() > 0 ? start + plan.durationNanos() : Long.MAX_VALUE;
        client.retryDeadline(deadline);
        ArrivalSchedule schedule = plan.paced() ? new ArrivalSchedule(plan.process(), plan.rate(), plan.burstiness(),
                plan.rampUpNanos() / 1e9, plan.total(), plan.seed()) : null;
        HttpExchange.Listener onComplete = ex -> {
            collector.offer(ex);
            finished.add(ex);
        };
        boolean durationReached = false;
        long nextArrival = schedule != null ? start + schedule.nextOffsetNanos() : start;
        int arrivals = 0;
        try {
            while (!stop.requested()) {
                long now = System.nanoTime();
                if (arrivals < plan.total() && now >= deadline) {
                    durationReached = true;
                    arrivals = plan.total();
                    waitingForSlot.clear();
                }
                if (schedule == null) {
                    // Closed: a free slot starts the next conversation at once.
                    while (arrivals < plan.total() && underWay < plan.parallel()) {
                        startConversation(arrivals++, now, 0, onComplete);
                    }
                } else {
                    while (arrivals < plan.total() && nextArrival <= now) {
                        waitingForSlot.add(new long[] {arrivals++, nextArrival});
                        nextArrival = arrivals < plan.total() ? start + schedule.nextOffsetNanos() : Long.MAX_VALUE;
                    }
                    admitArrivals(onComplete);
                }
                while (!thinking.isEmpty() && thinking.peek().due <= now) {
                    Conversation c = thinking.poll();
                    sendTurn(c, c.due, onComplete);
                }
                if (underWay == 0 && arrivals >= plan.total() && waitingForSlot.isEmpty()) {
                    break;
                }
                long wake = Math.min(now + POLL_NANOS, thinking.isEmpty() ? Long.MAX_VALUE : thinking.peek().due);
                if (arrivals < plan.total() && schedule != null) {
                    wake = Math.min(wake, nextArrival);
                }
                HttpExchange done = finished.poll(Math.max(0, wake - System.nanoTime()), TimeUnit.NANOSECONDS);
                for (; done != null; done = finished.poll()) {
                    replied(done);
                }
            }
        } finally {
            // Even when sending failed half-way, every turn sent is waited for and recorded.
            awaitOutstanding();
        }
        int warmupSent = Math.min(started, plan.warmup());
        return new LoadRun.Outcome(started - warmupSent, warmupSent, dropped, durationReached, first);
    }

    /**
     * Paced: arrivals start in order when a conversation slot is free (capped), or at once up to
     * --max-in-flight conversations (open loop; beyond it a measured arrival is dropped and counted).
     */
    private void admitArrivals(HttpExchange.Listener onComplete) {
        while (!waitingForSlot.isEmpty()) {
            if (plan.capped() && underWay >= plan.parallel()) {
                return;
            }
            long[] arrival = waitingForSlot.poll();
            if (!plan.capped() && underWay >= plan.maxInFlight()) {
                if (arrival[0] >= plan.warmup()) {
                    dropped++;
                }
                continue;
            }
            startConversation((int) arrival[0], arrival[1], plan.capped() ? System.nanoTime() : 0, onComplete);
        }
    }

    /**
     * Starts conversation number {@code k} of the run (warm-up ones first), intended at
     * {@code intended}; {@code slotNanos} is when it got a conversation slot (0 without a cap).
     */
    private void startConversation(int k, long intended, long slotNanos, HttpExchange.Listener onComplete) {
        started++;
        long id = k < plan.warmup() ? -1 - k : k - plan.warmup();
        Conversation c = new Conversation(id, Conversations.turns(dataset.get(k)));
        c.slotNanos = slotNanos;
        underWay++;
        sendTurn(c, intended, onComplete);
    }

    private void sendTurn(Conversation c, long intended, HttpExchange.Listener onComplete) {
        Conversations.Turn turn = c.turns.get(c.next);
        for (ObjectNode m : turn.messages()) {
            c.history.add(m);
        }
        c.next++;
        long index = c.warmup() ? -1 - warmupRequests++ : measuredRequests++;
        HttpExchange exchange = new HttpExchange(index, adapter.buildBody(prompt(c.history, turn)), intended,
                index == 0, onComplete).turn(c.warmup() ? -1 : c.id, c.next)
                .requestHeaders(identity.headers(index, null)).idHeader(identity.echoHeader());
        if (c.next == 1) {
            exchange.slotAcquired(c.slotNanos);
        }
        if (index == 0) {
            first = exchange;
        }
        waitingForReply.put(exchange, c);
        client.execute(exchange);
    }

    /** The turn's request: the history, with the turn's own reply cap when it has one. */
    private static Prompt prompt(ArrayNode history, Conversations.Turn turn) {
        if (turn.maxTokens() <= 0) {
            return Prompt.ofMessages(history);
        }
        // A dataset body's fields win over the CLI's; the CLI fills in the rest (model, stream, ...).
        ObjectNode body = NODES.objectNode();
        body.set("messages", history);
        body.put("max_tokens", turn.maxTokens());
        return Prompt.ofBody(body);
    }

    /** A turn's reply arrived (or the turn failed): queue the next turn or end the conversation. */
    private void replied(HttpExchange ex) {
        Conversation c = waitingForReply.remove(ex);
        if (c == null) {
            return;
        }
        boolean more = c.next < c.turns.size() && (maxTurns <= 0 || c.next < maxTurns);
        if (!ex.success() || !more) {
            underWay--;
            return;
        }
        // The reply as the model wrote it, content only: reasoning is never sent back.
        c.history.addObject().put("role", "assistant").put("content", ex.state().content());
        c.due = ex.endNanos() + thinkNanos + Math.round(c.turns.get(c.next).waitSeconds() * 1e9);
        thinking.add(c);
    }

    /** Waits for every sent turn to finish (cancelling after the grace period once stopped). */
    private void awaitOutstanding() throws InterruptedException {
        Drain drain = new Drain(client, stop);
        while (!waitingForReply.isEmpty()) {
            HttpExchange done = finished.poll(POLL_NANOS, TimeUnit.NANOSECONDS);
            if (done != null) {
                waitingForReply.remove(done);
                continue;
            }
            drain.idle();
        }
    }
}

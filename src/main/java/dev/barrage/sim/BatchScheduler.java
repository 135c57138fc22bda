package dev.barrage.sim;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The batch slots of continuous batching: at most {@code maxBatch} members hold a slot at once,
 * across every connection and event loop; the others wait in one FIFO queue.
 *
 * <p>Guarantees, for any mix of threads:
 * <ul>
 *   <li>never more than {@code maxBatch} members are admitted at once;</li>
 *   <li>members are admitted in the order they were submitted, and a free slot is handed to the
 *       head of the queue at the moment it is freed (no slot stays idle while someone waits);</li>
 *   <li>each member is admitted at most once, and {@link Member#admit} is called outside the lock,
 *       so it may hop threads or call back into the scheduler;</li>
 *   <li>{@link #release} is idempotent: a member that is queued leaves the queue, one that holds
 *       a slot frees it, anything else is a no-op. So a completion racing a disconnect frees the
 *       slot once.</li>
 * </ul>
 * Admission and release take one short lock; the per-token path only reads {@link #admitted()}.
 */
final class BatchScheduler {

    /** Something that waits for and then holds a slot. */
    interface Member {
        /**
         * The member now holds a slot. Called once, outside the lock, on the thread that submitted
         * it (if a slot was free) or on the thread that freed the slot.
         *
         * @param admittedAtNanos {@link System#nanoTime()} when the slot was granted
         */
        void admit(long admittedAtNanos);
    }

    /** What {@link #release} found the member doing. */
    enum Released { WAS_QUEUED, WAS_ADMITTED, NOT_PRESENT }

    private final int maxBatch;
    private final Object lock = new Object();
    private final Set<Member> admittedMembers = Collections.newSetFromMap(new IdentityHashMap<>());
    /** Insertion-ordered for FIFO, hashed so a disconnect leaves the queue in O(1). */
    private final LinkedHashSet<Member> queue = new LinkedHashSet<>();
    private volatile int admittedCount;
    private volatile int queuedCount;

    BatchScheduler(int maxBatch) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch should be >= 1, got " + maxBatch);
        }
        this.maxBatch = maxBatch;
    }

    /** Admits the member now if a slot is free, else queues it. Returns true when admitted. */
    boolean submit(Member member) {
        return submit(member, Long.MIN_VALUE);
    }

    /**
     * As {@link #submit(Member)}; a member admitted at once is admitted as of
     * {@code receivedNanos} (when its request arrived, not later than now), so the server's own
     * handling time does not add to its TTFT. A queued one is admitted when a slot frees.
     */
    boolean submit(Member member, long receivedNanos) {
        synchronized (lock) {
            if (admittedMembers.contains(member) || queue.contains(member)) {
                throw new IllegalStateException("member submitted twice");
            }
            if (admittedMembers.size() >= maxBatch) {
                queue.add(member);
                queuedCount = queue.size();
                return false;
            }
            admittedMembers.add(member);
            admittedCount = admittedMembers.size();
        }
        long now = System.nanoTime();
        member.admit(receivedNanos != Long.MIN_VALUE && receivedNanos - now < 0 ? receivedNanos : now);
        return true;
    }

    /**
     * Takes the member out of the queue or out of its slot; a freed slot goes to the head of the
     * queue, which is then {@linkplain Member#admit admitted} on this thread.
     */
    Released release(Member member) {
        Member next = null;
        Released outcome;
        synchronized (lock) {
            if (queue.remove(member)) {
                queuedCount = queue.size();
                return Released.WAS_QUEUED;
            }
            if (!admittedMembers.remove(member)) {
                return Released.NOT_PRESENT;
            }
            outcome = Released.WAS_ADMITTED;
            Iterator<Member> head = queue.iterator();
            if (head.hasNext()) {
                next = head.next();
                head.remove();
                admittedMembers.add(next);
                queuedCount = queue.size();
            }
            admittedCount = admittedMembers.size();
        }
        if (next != null) {
            next.admit(System.nanoTime());
        }
        return outcome;
    }

    /** Members holding a slot now; a plain volatile read, cheap enough for every token. */
    int admitted() {
        return admittedCount;
    }

    /** Members waiting for a slot now. */
    int queued() {
        return queuedCount;
    }

    int maxBatch() {
        return maxBatch;
    }
}

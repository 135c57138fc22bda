package dev.barrage.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BatchSchedulerTest {

    /** Records admissions in order. */
    private static final class Recorder {
        final List<String> admitted = Collections.synchronizedList(new ArrayList<>());

        BatchScheduler.Member member(String name) {
            return new BatchScheduler.Member() {
                @Override
                public void admit(long admittedAtNanos) {
                    admitted.add(name);
                }

                @Override
                public String toString() {
                    return name;
                }
            };
        }
    }

    @Test
    void admitsUpToMaxBatchThenQueuesFifo() {
        Recorder recorder = new Recorder();
        BatchScheduler scheduler = new BatchScheduler(2);
        BatchScheduler.Member a = recorder.member("a");
        BatchScheduler.Member b = recorder.member("b");
        BatchScheduler.Member c = recorder.member("c");
        BatchScheduler.Member d = recorder.member("d");

        assertThat(scheduler.submit(a)).isTrue();
        assertThat(scheduler.submit(b)).isTrue();
        assertThat(scheduler.submit(c)).isFalse();
        assertThat(scheduler.submit(d)).isFalse();
        assertThat(scheduler.admitted()).isEqualTo(2);
        assertThat(scheduler.queued()).isEqualTo(2);
        assertThat(recorder.admitted).containsExactly("a", "b");

        assertThat(scheduler.release(b)).isEqualTo(BatchScheduler.Released.WAS_ADMITTED);
        assertThat(recorder.admitted).containsExactly("a", "b", "c");
        assertThat(scheduler.release(a)).isEqualTo(BatchScheduler.Released.WAS_ADMITTED);
        assertThat(recorder.admitted).containsExactly("a", "b", "c", "d");
        assertThat(scheduler.queued()).isZero();
        assertThat(scheduler.admitted()).isEqualTo(2);
    }

    @Test
    void releasingAQueuedMemberRemovesItWithoutAdmittingAnyone() {
        Recorder recorder = new Recorder();
        BatchScheduler scheduler = new BatchScheduler(1);
        BatchScheduler.Member a = recorder.member("a");
        BatchScheduler.Member b = recorder.member("b");
        BatchScheduler.Member c = recorder.member("c");
        scheduler.submit(a);
        scheduler.submit(b);
        scheduler.submit(c);

        assertThat(scheduler.release(b)).isEqualTo(BatchScheduler.Released.WAS_QUEUED);
        assertThat(scheduler.queued()).isEqualTo(1);
        scheduler.release(a);
        assertThat(recorder.admitted).containsExactly("a", "c");
    }

    @Test
    void releaseIsIdempotent() {
        BatchScheduler scheduler = new BatchScheduler(1);
        Recorder recorder = new Recorder();
        BatchScheduler.Member a = recorder.member("a");
        scheduler.submit(a);

        assertThat(scheduler.release(a)).isEqualTo(BatchScheduler.Released.WAS_ADMITTED);
        assertThat(scheduler.release(a)).isEqualTo(BatchScheduler.Released.NOT_PRESENT);
        assertThat(scheduler.admitted()).isZero();
    }

    @Test
    void neverExceedsMaxBatchUnderConcurrentSubmitAndRelease() throws Exception {
        int maxBatch = 3;
        BatchScheduler scheduler = new BatchScheduler(maxBatch);
        AtomicInteger holding = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        ConcurrentLinkedQueue<BatchScheduler.Member> admittedNotReleased = new ConcurrentLinkedQueue<>();
        int threads = 4;
        int perThread = 2_000;
        CountDownLatch done = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            Thread thread = new Thread(() -> {
                for (int i = 0; i < perThread; i++) {
                    scheduler.submit(new BatchScheduler.Member() {
                        @Override
                        public void admit(long admittedAtNanos) {
                            peak.accumulateAndGet(holding.incrementAndGet(), Math::max);
                            admittedNotReleased.add(this);
                        }
                    });
                    BatchScheduler.Member member = admittedNotReleased.poll();
                    if (member != null) {
                        holding.decrementAndGet();
                        scheduler.release(member);
                    }
                }
                done.countDown();
            });
            thread.start();
        }
        done.await();
        BatchScheduler.Member member;
        while ((member = admittedNotReleased.poll()) != null || scheduler.queued() > 0) {
            if (member != null) {
                holding.decrementAndGet();
                scheduler.release(member);
            }
        }
        assertThat(peak.get()).isLessThanOrEqualTo(maxBatch);
        assertThat(scheduler.admitted()).isZero();
        assertThat(scheduler.queued()).isZero();
    }

    @Test
    void aMemberAdmittedAtOnceIsAdmittedAsOfItsArrivalButAQueuedOneWhenItsSlotFrees() {
        BatchScheduler scheduler = new BatchScheduler(1);
        long[] admittedAt = new long[2];
        BatchScheduler.Member first = at -> admittedAt[0] = at;
        BatchScheduler.Member second = at -> admittedAt[1] = at;
        long arrived = System.nanoTime() - 5_000_000L; // its last byte came 5 ms before the server got to it
        assertThat(scheduler.submit(first, arrived)).isTrue();
        assertThat(admittedAt[0]).isEqualTo(arrived);

        long secondArrived = System.nanoTime();
        assertThat(scheduler.submit(second, secondArrived)).isFalse();
        long freed = System.nanoTime();
        scheduler.release(first);
        assertThat(admittedAt[1]).as("queued: admitted when the slot freed").isGreaterThanOrEqualTo(freed);
    }

    @Test
    void anArrivalStampFromTheFutureIsClampedToNow() {
        BatchScheduler scheduler = new BatchScheduler(1);
        long[] admittedAt = new long[1];
        long before = System.nanoTime();
        scheduler.submit(at -> admittedAt[0] = at, before + 1_000_000_000L);
        assertThat(admittedAt[0]).isBetween(before, System.nanoTime());
    }
}

package dev.barrage.sim;

import java.util.List;
import java.util.Random;

/**
 * Decides, once per generation request on arrival, which configured {@link Fault} (if any) it
 * meets: the faults are tried in the order given and the first that hits wins. With no fault
 * configured this is one list-size check, so the simulator's normal path stays as it was.
 *
 * <p>Thread-safe: request numbers come from the engine's atomic counter and {@link Random} draws
 * are atomic. The draws use their own seeded sequence, so faults never change reply lengths.
 */
final class FaultPicker {
    private final Fault[] faults;
    private final Random draws;

    FaultPicker(List<Fault> faults, long seed) {
        this.faults = faults.toArray(new Fault[0]);
        // a different stream from the reply-length sequence seeded with the same --seed
        this.draws = new Random(seed * 0x9E3779B97F4A7C15L + 1);
    }

    /**
     * @param requestNumber the engine's number of this generation request, starting at 1
     * @return the fault this request meets, or {@code null}
     */
    Fault pick(long requestNumber) {
        if (faults.length == 0) {
            return null;
        }
        for (Fault f : faults) {
            if (f.every() > 0 ? requestNumber % f.every() == 0 : f.fraction() >= 1 || draws.nextDouble() < f.fraction()) {
                return f;
            }
        }
        return null;
    }
}

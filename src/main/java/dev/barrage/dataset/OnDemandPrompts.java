package dev.barrage.dataset;

import java.util.AbstractList;
import java.util.RandomAccess;
import java.util.function.IntFunction;

/**
 * Prompts made when asked for, for datasets too large to hold: prompt {@code i} is
 * {@code make.apply(i)}, a pure function of {@code i}, so any thread may ask at any time and gets
 * the same prompt. A {@link Dataset} keeps such a list as it is instead of copying it.
 */
public final class OnDemandPrompts extends AbstractList<Prompt> implements RandomAccess {
    private final int size;
    private final IntFunction<Prompt> make;

    public OnDemandPrompts(int size, IntFunction<Prompt> make) {
        this.size = size;
        this.make = make;
    }

    @Override
    public Prompt get(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException(index);
        }
        return make.apply(index);
    }

    @Override
    public int size() {
        return size;
    }
}

package dev.barrage.tokenizer;

import java.util.function.Supplier;

/** A value computed on first use, once, whichever thread asks first (the others wait). */
final class Once<T> {
    private final Supplier<T> make;
    private volatile T value;

    Once(Supplier<T> make) {
        this.make = make;
    }

    T get() {
        T v = value;
        if (v == null) {
            synchronized (this) {
                if (value == null) {
                    value = make.get();
                }
                v = value;
            }
        }
        return v;
    }
}

package dev.barrage.metrics;

import java.util.Arrays;

/** A growable list of primitive doubles: one sample set per metric, no boxing. Not thread-safe. */
public final class DoubleList {
    private double[] values;
    private int size;

    public DoubleList() {
        this(64);
    }

    public DoubleList(int capacity) {
        values = new double[Math.max(1, capacity)];
    }

    public void add(double v) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = v;
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    public double get(int i) {
        if (i >= size) {
            throw new IndexOutOfBoundsException(i + " >= " + size);
        }
        return values[i];
    }

    public double sum() {
        double s = 0;
        for (int i = 0; i < size; i++) {
            s += values[i];
        }
        return s;
    }

    /** Arithmetic mean; {@code NaN} when empty. */
    public double mean() {
        return size == 0 ? Double.NaN : sum() / size;
    }

    /** A sorted copy. */
    public double[] sorted() {
        double[] copy = Arrays.copyOf(values, size);
        Arrays.sort(copy);
        return copy;
    }
}

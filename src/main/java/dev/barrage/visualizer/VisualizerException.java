package dev.barrage.visualizer;

/** A visualizer's server refused or answered something unusable; the message names the exchange. */
final class VisualizerException extends Exception {
    VisualizerException(String message) {
        super(message);
    }
}

package dev.dmig.executor;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records the delays the executor asks for instead of waiting. */
final class RecordingSleeper implements Waits {
    private final List<Duration> delays = new CopyOnWriteArrayList<>();

    @Override
    public void sleep(Duration duration) {
        delays.add(duration);
    }

    List<Duration> delays() {
        return delays;
    }

    List<Double> seconds() {
        return delays.stream().map(d -> d.toNanos() / 1e9).toList();
    }
}

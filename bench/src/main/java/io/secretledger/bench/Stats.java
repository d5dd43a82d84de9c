package io.secretledger.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Latency samples in nanoseconds, summarised as median and p99 in milliseconds. */
record Stats(String name, long[] nanos, double perSecond) {

    static Stats of(String name, List<Long> samples, double perSecond) {
        return new Stats(name, samples.stream().mapToLong(Long::longValue).sorted().toArray(), perSecond);
    }

    double medianMillis() {
        return percentile(50);
    }

    double p99Millis() {
        return percentile(99);
    }

    double percentile(double p) {
        if (nanos.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(p / 100.0 * nanos.length) - 1;
        return nanos[Math.max(0, Math.min(nanos.length - 1, index))] / 1_000_000.0;
    }

    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", name);
        json.put("samples", nanos.length);
        json.put("medianMs", round(medianMillis()));
        json.put("p99Ms", round(p99Millis()));
        if (perSecond > 0) {
            json.put("perSecond", round(perSecond));
        }
        return json;
    }

    static double round(double value) {
        return Math.round(value * 1000.0) / 1000.0;
    }

    @Override
    public String toString() {
        return name + " " + Arrays.toString(new double[] {medianMillis(), p99Millis()});
    }
}

package dev.wootrack.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a JFR recording's CPU samples ({@code jdk.ExecutionSample}) went, by library: each sample is given to the
 * innermost frame that is not the JDK's own, so a {@code HashMap.get} called by H2 counts as H2.
 * Usage: ProfileShares recording.jfr [last seconds] — only the samples of the recording's last S seconds (the steady
 * state after a warm-up). Prints a markdown table, and for the database the WooTrack callers that reach it.
 */
public final class ProfileShares {

    /** Class-name prefixes, first match wins. */
    private static final Map<String, String> LIBRARIES = new LinkedHashMap<>();

    static {
        LIBRARIES.put("org.h2.", "H2 (statements, commits, page writes)");
        LIBRARIES.put("org.postgresql.", "PostgreSQL driver");
        LIBRARIES.put("com.zaxxer.", "HikariCP / Spring JDBC");
        LIBRARIES.put("org.springframework.", "HikariCP / Spring JDBC");
        LIBRARIES.put("org.apache.camel.processor.idempotent.jdbc.", "HikariCP / Spring JDBC");
        LIBRARIES.put("org.flywaydb.", "Flyway");
        LIBRARIES.put("org.apache.camel.component.bean.", "Camel bean and simple-language binding");
        LIBRARIES.put("org.apache.camel.language.", "Camel bean and simple-language binding");
        LIBRARIES.put("org.apache.camel.support.language.", "Camel bean and simple-language binding");
        LIBRARIES.put("org.apache.camel.support.builder.", "Camel bean and simple-language binding");
        LIBRARIES.put("org.apache.camel.support.ObjectHelper", "Camel bean and simple-language binding");
        LIBRARIES.put("org.apache.camel.support.ExpressionAdapter", "Camel bean and simple-language binding");
        LIBRARIES.put("org.apache.camel.impl.converter.", "Camel type conversion");
        LIBRARIES.put("org.apache.camel.converter.", "Camel type conversion");
        LIBRARIES.put("org.apache.hc.", "HTTP out: camel-http / Apache HttpClient 5");
        LIBRARIES.put("org.apache.camel.component.http.", "HTTP out: camel-http / Apache HttpClient 5");
        LIBRARIES.put("io.vertx.", "HTTP in: vert.x / netty / platform-http");
        LIBRARIES.put("io.netty.", "HTTP in: vert.x / netty / platform-http");
        LIBRARIES.put("org.apache.camel.component.platform.http.", "HTTP in: vert.x / netty / platform-http");
        LIBRARIES.put("io.micrometer.", "Micrometer");
        LIBRARIES.put("org.apache.camel.component.micrometer.", "Micrometer");
        LIBRARIES.put("com.fasterxml.jackson.", "Jackson");
        LIBRARIES.put("org.apache.camel.component.jackson.", "Jackson");
        LIBRARIES.put("dev.wootrack.", "WooTrack's own code");
        LIBRARIES.put("org.slf4j.", "logging");
        LIBRARIES.put("ch.qos.logback.", "logging");
        LIBRARIES.put("org.apache.logging.", "logging");
        LIBRARIES.put("org.quartz.", "Quartz");
        LIBRARIES.put("org.apache.camel.", "the Camel engine (routing, seda, exchanges)");
    }

    private ProfileShares() {
    }

    public static void main(String[] args) throws Exception {
        List<RecordedEvent> events = RecordingFile.readAllEvents(Path.of(args[0]));
        Instant end = events.stream().map(RecordedEvent::getStartTime).max(Instant::compareTo).orElse(Instant.now());
        Instant from = args.length > 1 ? end.minus(Duration.ofSeconds(Long.parseLong(args[1]))) : Instant.MIN;
        Map<String, Integer> shares = new TreeMap<>();
        Map<String, Integer> dbCallers = new TreeMap<>();
        int total = 0;
        for (RecordedEvent e : events) {
            if (!e.getEventType().getName().equals("jdk.ExecutionSample") || e.getStartTime().isBefore(from)
                    || e.getStackTrace() == null) {
                continue;
            }
            total++;
            List<RecordedFrame> frames = e.getStackTrace().getFrames();
            String library = "the JDK (threads, I/O, GC helpers)";
            int at = -1;
            for (int i = 0; i < frames.size(); i++) {
                String type = frames.get(i).getMethod().getType().getName();
                String found = library(type);
                if (found != null) {
                    library = found;
                    at = i;
                    break;
                }
            }
            shares.merge(library, 1, Integer::sum);
            if (library.startsWith("H2") || library.startsWith("PostgreSQL")) {
                for (int i = at; i < frames.size(); i++) {
                    RecordedFrame f = frames.get(i);
                    if (f.getMethod().getType().getName().startsWith("dev.wootrack.")) {
                        dbCallers.merge(simple(f), 1, Integer::sum);
                        break;
                    }
                }
            }
        }
        System.out.printf("%d CPU samples%n%n| where | share of WooTrack's sampled CPU |%n|---|---:|%n", total);
        int all = total;
        shares.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue())
                .forEach(s -> System.out.printf("| %s | %.1f %% |%n", s.getKey(), 100.0 * s.getValue() / all));
        System.out.printf("%n| the database's time, by WooTrack's caller | share of all samples |%n|---|---:|%n");
        dbCallers.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(12)
                .forEach(s -> System.out.printf("| %s | %.1f %% |%n", s.getKey(), 100.0 * s.getValue() / all));
    }

    private static String library(String type) {
        if (type.startsWith("java.") || type.startsWith("jdk.") || type.startsWith("sun.")
                || type.startsWith("com.sun.")) {
            return null;
        }
        for (Map.Entry<String, String> l : LIBRARIES.entrySet()) {
            if (type.startsWith(l.getKey())) {
                return l.getValue();
            }
        }
        return "other libraries";
    }

    private static String simple(RecordedFrame f) {
        String type = f.getMethod().getType().getName();
        return type.substring(type.lastIndexOf('.') + 1).replace('$', '.') + "." + f.getMethod().getName();
    }
}

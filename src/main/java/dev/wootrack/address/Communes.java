package dev.wootrack.address;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Chile's 346 communes with their CUT code and region, from {@code wootrack/chile/communes.csv} (SUBDERE's Códigos
 * Únicos Territoriales; where the copy comes from is in {@code SOURCE.md} beside it), and how a written name is
 * matched against them: accents, case and extra spaces forgiven; a close match found by edit distance.
 */
public final class Communes {

    /** One commune: its CUT code ({@code 13123}), its official name, its region's contract code ({@code RM}). */
    public record Commune(String cut, String name, String region) {
    }

    public static final String RESOURCE = "/wootrack/chile/communes.csv";

    private static final Communes OFFICIAL = load();

    private final List<Commune> all;
    /** Each commune's name as {@link Names#key} writes it, computed once: every order is looked up here. */
    private final java.util.Map<Commune, String> keys = new java.util.HashMap<>();
    private final java.util.Map<String, List<Commune>> byKey = new java.util.HashMap<>();

    Communes(List<Commune> all) {
        this.all = List.copyOf(all);
        for (Commune c : this.all) {
            String key = Names.key(c.name());
            keys.put(c, key);
            byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(c);
        }
    }

    /** The official list shipped in the jar. */
    public static Communes official() {
        return OFFICIAL;
    }

    public List<Commune> all() {
        return all;
    }

    /** The communes whose name is this one, accents, case and spaces forgiven (one, or none). */
    public List<Commune> named(String written) {
        return List.copyOf(byKey.getOrDefault(Names.key(written), List.of()));
    }

    /** The commune of this name in the region (contract code), if there is one. */
    public Optional<Commune> named(String written, String region) {
        return named(written).stream().filter(c -> c.region().equals(region)).findFirst();
    }

    /**
     * The one commune (in {@code region}, or anywhere when it is null) that the written name is a typo of: the
     * closest by edit distance, within {@link Names#tolerance} of it, and closer than every other. Empty when none
     * is close enough or two are equally close.
     */
    public Optional<Commune> closest(String written, String region) {
        String key = Names.key(written);
        if (key.isEmpty()) {
            return Optional.empty();
        }
        List<Commune> candidates = all.stream().filter(c -> region == null || c.region().equals(region))
                .sorted(Comparator.comparingInt(c -> Names.distance(key, keys.get(c)))).limit(2).toList();
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        int best = Names.distance(key, keys.get(candidates.get(0)));
        boolean tie = candidates.size() > 1 && Names.distance(key, keys.get(candidates.get(1))) == best;
        return best <= Names.tolerance(key) && !tie ? Optional.of(candidates.get(0)) : Optional.empty();
    }

    private static Communes load() {
        try (InputStream in = Communes.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the commune list " + RESOURCE + " is missing from the class path");
            }
            List<Commune> out = new ArrayList<>();
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#") || line.startsWith("cut,")) {
                    continue;
                }
                String[] f = line.split(",", -1);
                String row = line;
                String region = ChileanRegions.byCut(f[2]).orElseThrow(() -> new IllegalStateException(
                        RESOURCE + ": unknown region number in " + row)).code();
                if (!region.equals(f[3])) {
                    throw new IllegalStateException(RESOURCE + ": region " + f[3] + " is not number " + f[2]);
                }
                out.add(new Commune(f[0], f[1], region));
            }
            return new Communes(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

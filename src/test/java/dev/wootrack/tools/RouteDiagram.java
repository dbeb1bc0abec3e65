package dev.wootrack.tools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The route diagram in README.md, made from the route files: every {@code routes/**}{@code /*.camel.yaml} and the
 * Kamelets in {@code src/main/resources/kamelets/*.kamelet.yaml}, as one Mermaid {@code flowchart LR}.
 *
 * <ul>
 *   <li>one subgraph per route file (its path as the title) with a node per route (its id, and what it consumes:
 *       quartz once per cluster, timer on every node, platform-http with method and path, direct, seda, kamelet source), per Rest DSL verb, and per
 *       {@code routeConfiguration} (a note naming the routes whose {@code routeConfigurationId} lists it);</li>
 *   <li>an edge from a route to every route it sends to: {@code to}, {@code toD}, {@code wireTap} (and a
 *       {@code kamelet} step, a {@code deadLetterUri}) anywhere in its steps, {@code direct:X}/{@code seda:X}
 *       matched against the other routes' {@code from}; dashed from a routeConfiguration, labelled with the part
 *       (onException, errorHandler, ...) that sends;</li>
 *   <li>the Kamelets as {@code [[name]]} nodes, with the outside system each belongs to
 *       ({@code camel.apache.org/kamelet.group}): a source's system feeds the Kamelet, which feeds its route; an
 *       action or a sink leads to its system;</li>
 *   <li>any other endpoint sent to (an HTTP URL given by a placeholder, controlbus) as a flag node with its URI;
 *       a {@code direct:}/{@code seda:} endpoint that no route consumes as a red "no route consumes it" node.</li>
 * </ul>
 *
 * Sorted throughout, so the same files always give the same text. RouteDiagramTest keeps README's copy current:
 * {@code mvn -B -q test -Dtest=RouteDiagramTest -Dwootrack.diagram.write=true} rewrites it.
 */
public final class RouteDiagram {

    public static final String BEGIN = "<!-- route diagram: generated from routes/ by RouteDiagram; do not edit -->";
    public static final String END = "<!-- end of route diagram -->";

    private static final Set<String> REST_VERBS = Set.of("get", "post", "put", "patch", "delete", "head", "options");
    /** the keys of a routeConfiguration that are not a part that can send */
    private static final Set<String> CONFIG_ATTRIBUTES = Set.of("id", "description", "precondition");

    /** one send found in a route's or a configuration's steps; {@code part} is the configuration's part, or null */
    public record Send(String uri, String how, String part) {
        public String scheme() {
            int colon = uri.indexOf(':');
            return colon < 0 ? uri : uri.substring(0, colon);
        }

        /** {@code direct:name}, {@code seda:name}, {@code kamelet:name}: without {@code //}, options or a route id */
        public String key() {
            return endpointKey(uri);
        }

        /** given by a property placeholder, or computed per message: cannot be matched against a route here */
        public boolean unresolvable() {
            return uri.contains("{{") || uri.contains("${");
        }
    }

    /** a route (or a Rest DSL verb): what makes a node of its own */
    public record Route(String id, String file, String fromUri, String fromLabel, List<String> configurationIds,
                        List<Send> sends) {
    }

    public record Configuration(String id, String file, List<Send> sends) {
    }

    public record Kamelet(String name, String type, String group, String title, String file) {
    }

    /** an arrow of the diagram between two routes, a route and a Kamelet, ... (by the names shown) */
    public record Edge(String from, String to) {
    }

    private final Path base;
    private final List<String> files = new ArrayList<>();
    private final List<Route> routes = new ArrayList<>();
    private final List<Configuration> configurations = new ArrayList<>();
    private final List<Kamelet> kamelets = new ArrayList<>();

    private RouteDiagram(Path base) {
        this.base = base;
    }

    /** reads the route files under {@code base/routes} and the Kamelets under {@code base/src/main/resources/kamelets} */
    public static RouteDiagram of(Path base) {
        RouteDiagram diagram = new RouteDiagram(base);
        for (Path file : list(base.resolve("routes"), ".camel.yaml")) {
            diagram.readRouteFile(file);
        }
        for (Path file : list(base.resolve("src/main/resources/kamelets"), ".kamelet.yaml")) {
            diagram.readKamelet(file);
        }
        return diagram;
    }

    public List<Route> routes() {
        return routes;
    }

    public List<Configuration> configurations() {
        return configurations;
    }

    public List<Kamelet> kamelets() {
        return kamelets;
    }

    // ---------------------------------------------------------------------------------------------- reading

    private static List<Path> list(Path dir, String suffix) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(suffix))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String relative(Path file) {
        return base.relativize(file).toString().replace('\\', '/');
    }

    private static List<Object> load(Path file) {
        try {
            List<Object> documents = new ArrayList<>();
            new Load(LoadSettings.builder().setLabel(file.toString()).build())
                    .loadAllFromString(Files.readString(file, StandardCharsets.UTF_8))
                    .forEach(d -> {
                        if (d != null) {
                            documents.add(d);
                        }
                    });
            return documents;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void readRouteFile(Path path) {
        String file = relative(path);
        files.add(file);
        int n = 0;
        for (Object document : load(path)) {
            if (!(document instanceof List<?> elements)) {
                continue;
            }
            for (Object element : elements) {
                n++;
                if (!(element instanceof Map<?, ?> item)) {
                    continue;
                }
                if (item.get("route") instanceof Map<?, ?> route) {
                    readRoute(file, n, route, route.get("from"));
                } else if (item.get("from") instanceof Map<?, ?> from) {
                    readRoute(file, n, Map.of("from", from), from);
                } else if (item.get("routeConfiguration") instanceof Map<?, ?> configuration) {
                    readConfiguration(file, n, configuration);
                } else if (item.get("rest") instanceof Map<?, ?> rest) {
                    readRest(file, rest);
                }
            }
        }
    }

    private void readRoute(String file, int n, Map<?, ?> route, Object from) {
        String id = text(route.get("id"));
        if (id == null) {
            id = "(route " + n + " of " + file + ")";
        }
        String fromUri = from instanceof Map<?, ?> f ? text(f.get("uri")) : null;
        Map<?, ?> parameters = from instanceof Map<?, ?> f && f.get("parameters") instanceof Map<?, ?> p ? p : Map.of();
        List<Send> sends = new ArrayList<>();
        collectSends(route, null, sends);
        routes.add(new Route(id, file, fromUri, fromLabel(fromUri, parameters),
                commaList(text(route.get("routeConfigurationId"))), sends));
    }

    private void readConfiguration(String file, int n, Map<?, ?> configuration) {
        String id = text(configuration.get("id"));
        if (id == null) {
            id = "(routeConfiguration " + n + " of " + file + ")";
        }
        List<Send> sends = new ArrayList<>();
        for (Map.Entry<?, ?> part : configuration.entrySet()) {
            String name = String.valueOf(part.getKey());
            if (!CONFIG_ATTRIBUTES.contains(name)) {
                collectSends(part.getValue(), name, sends);
            }
        }
        configurations.add(new Configuration(id, file, sends));
    }

    /** one node per verb, as Camel makes one route per verb */
    private void readRest(String file, Map<?, ?> rest) {
        String restPath = text(rest.get("path"));
        for (Map.Entry<?, ?> entry : rest.entrySet()) {
            String verb = String.valueOf(entry.getKey());
            if (!REST_VERBS.contains(verb) || !(entry.getValue() instanceof List<?> operations)) {
                continue;
            }
            for (Object operation : operations) {
                if (!(operation instanceof Map<?, ?> op)) {
                    continue;
                }
                String path = joinPath(restPath, text(op.get("path")));
                String label = "rest " + verb.toUpperCase(Locale.ROOT) + " " + path;
                String id = text(op.get("routeId"));
                if (id == null) {
                    id = text(op.get("id"));
                }
                if (id == null) {
                    id = label;
                }
                List<Send> sends = new ArrayList<>();
                collectSends(op, null, sends);
                routes.add(new Route(id, file, null, label, commaList(text(op.get("routeConfigurationId"))), sends));
            }
        }
    }

    private void readKamelet(Path path) {
        for (Object document : load(path)) {
            if (!(document instanceof Map<?, ?> kamelet) || !(kamelet.get("metadata") instanceof Map<?, ?> metadata)) {
                continue;
            }
            String name = text(metadata.get("name"));
            if (name == null) {
                continue;
            }
            String type = metadata.get("labels") instanceof Map<?, ?> labels
                    ? text(labels.get("camel.apache.org/kamelet.type")) : null;
            String group = metadata.get("annotations") instanceof Map<?, ?> annotations
                    ? text(annotations.get("camel.apache.org/kamelet.group")) : null;
            String title = kamelet.get("spec") instanceof Map<?, ?> spec
                    && spec.get("definition") instanceof Map<?, ?> definition ? text(definition.get("title")) : null;
            kamelets.add(new Kamelet(name, type, group, title, relative(path)));
        }
    }

    /**
     * Every send anywhere below {@code node}: the keys to, toD, wireTap (a URI, or a map with one), deadLetterUri
     * and the kamelet step, in whatever EIP they are nested (choice, doTry, split, loop, filter, onException, ...).
     * An endpoint's {@code parameters} are not looked into: a component's option may be called {@code to}.
     */
    private static void collectSends(Object node, String part, List<Send> sends) {
        if (node instanceof List<?> list) {
            for (Object item : list) {
                collectSends(item, part, sends);
            }
        } else if (node instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                String key = String.valueOf(entry.getKey());
                Object value = entry.getValue();
                switch (key) {
                    case "parameters" -> {
                        continue;
                    }
                    case "to", "toD", "wireTap" -> {
                        String uri = value instanceof Map<?, ?> m ? text(m.get("uri")) : text(value);
                        if (uri != null) {
                            sends.add(new Send(uri, key, part));
                        }
                    }
                    case "deadLetterUri" -> {
                        String uri = text(value);
                        if (uri != null) {
                            sends.add(new Send(uri, key, part));
                        }
                    }
                    case "kamelet" -> {
                        String name = value instanceof Map<?, ?> m ? text(m.get("name")) : text(value);
                        if (name != null) {
                            sends.add(new Send("kamelet:" + name, key, part));
                        }
                    }
                    default -> {
                    }
                }
                collectSends(value, part, sends);
            }
        }
    }

    private static String text(Object value) {
        if (value == null) {
            return null;
        }
        String s = String.valueOf(value).trim();
        return s.isEmpty() ? null : s;
    }

    private static List<String> commaList(String value) {
        if (value == null) {
            return List.of();
        }
        return Stream.of(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static String joinPath(String a, String b) {
        String left = a == null ? "" : a;
        String right = b == null ? "" : b;
        if (left.endsWith("/") && right.startsWith("/")) {
            return left + right.substring(1);
        }
        if (!left.isEmpty() && !right.isEmpty() && !left.endsWith("/") && !right.startsWith("/")) {
            return left + "/" + right;
        }
        String joined = left + right;
        return joined.isEmpty() ? "/" : joined;
    }

    static String endpointKey(String uri) {
        int colon = uri.indexOf(':');
        if (colon < 0) {
            return uri;
        }
        String scheme = uri.substring(0, colon);
        String rest = uri.substring(colon + 1);
        if (rest.startsWith("//")) {
            rest = rest.substring(2);
        }
        int query = rest.indexOf('?');
        if (query >= 0) {
            rest = rest.substring(0, query);
        }
        if (scheme.equals("kamelet")) {
            int slash = rest.indexOf('/');
            if (slash >= 0) {
                rest = rest.substring(0, slash);
            }
        }
        return scheme + ":" + rest;
    }

    private static String fromLabel(String uri, Map<?, ?> parameters) {
        if (uri == null) {
            return "no from";
        }
        String key = endpointKey(uri);
        String scheme = key.substring(0, key.indexOf(':') < 0 ? key.length() : key.indexOf(':'));
        return switch (scheme) {
            case "kamelet" -> "kamelet source";
            case "wootrack-quartz" -> "quartz, once per cluster";
            case "timer" -> "timer, on every node";
            case "platform-http", "rest" -> {
                String methods = text(parameters.get("httpMethodRestrict"));
                if (methods == null) {
                    methods = queryParameter(uri, "httpMethodRestrict");
                }
                String path = key.substring(scheme.length() + 1);
                yield scheme + " " + (methods == null ? "" : methods + " ") + path;
            }
            default -> scheme;
        };
    }

    private static String queryParameter(String uri, String name) {
        int query = uri.indexOf('?');
        if (query < 0) {
            return null;
        }
        for (String pair : uri.substring(query + 1).split("&")) {
            if (pair.startsWith(name + "=")) {
                return pair.substring(name.length() + 1);
            }
        }
        return null;
    }

    private static boolean routable(String scheme) {
        return scheme.equals("direct") || scheme.equals("seda");
    }

    // ---------------------------------------------------------------------------------------------- checks

    /** the routes consuming each direct:/seda: endpoint, by its key */
    private Map<String, List<Route>> consumers() {
        Map<String, List<Route>> consumers = new TreeMap<>();
        for (Route route : routes) {
            if (route.fromUri() != null) {
                consumers.computeIfAbsent(endpointKey(route.fromUri()), k -> new ArrayList<>()).add(route);
            }
        }
        return consumers;
    }

    /**
     * Every direct:/seda: endpoint a route or a routeConfiguration sends to that no route in the files consumes, with
     * who sends to it. Endpoints given by a property placeholder ({{...}}) or computed per message (${...}) are not
     * checked.
     */
    public List<String> danglingEndpoints() {
        Map<String, List<Route>> consumers = consumers();
        Map<String, Set<String>> senders = new TreeMap<>();
        for (Route route : routes) {
            for (Send send : route.sends()) {
                if (routable(send.scheme()) && !send.unresolvable() && !consumers.containsKey(send.key())) {
                    senders.computeIfAbsent(send.key(), k -> new TreeSet<>())
                            .add("route " + route.id() + " (" + route.file() + ")");
                }
            }
        }
        for (Configuration configuration : configurations) {
            for (Send send : configuration.sends()) {
                if (routable(send.scheme()) && !send.unresolvable() && !consumers.containsKey(send.key())) {
                    senders.computeIfAbsent(send.key(), k -> new TreeSet<>()).add("routeConfiguration "
                            + configuration.id() + " (" + configuration.file() + ", " + send.part() + ")");
                }
            }
        }
        List<String> problems = new ArrayList<>();
        senders.forEach((endpoint, who) -> problems.add(endpoint + ": no route consumes it; sent to by "
                + String.join(", ", who)));
        return problems;
    }

    /**
     * Route files that contradict themselves: a routeConfigurationId naming no routeConfiguration in the files, a
     * kamelet:wootrack-... with no Kamelet file, a route id or routeConfiguration id given twice.
     */
    public List<String> inconsistencies() {
        List<String> problems = new ArrayList<>();
        Set<String> configurationIds = configurations.stream().map(Configuration::id).collect(Collectors.toSet());
        Set<String> kameletNames = kamelets.stream().map(Kamelet::name).collect(Collectors.toSet());
        for (Route route : routes) {
            for (String id : route.configurationIds()) {
                if (configurationIds.stream().noneMatch(c -> matches(id, c))) {
                    problems.add("route " + route.id() + " (" + route.file() + "): routeConfigurationId " + id
                            + " names no routeConfiguration in the route files");
                }
            }
        }
        List<Send> all = new ArrayList<>();
        routes.forEach(r -> all.addAll(r.sends()));
        configurations.forEach(c -> all.addAll(c.sends()));
        routes.stream().filter(r -> r.fromUri() != null).forEach(r -> all.add(new Send(r.fromUri(), "from", null)));
        new TreeSet<>(all.stream().filter(s -> s.scheme().equals("kamelet") && !s.unresolvable())
                .map(s -> s.key().substring("kamelet:".length()))
                .filter(name -> name.startsWith("wootrack-") && !kameletNames.contains(name))
                .toList())
                .forEach(name -> problems.add("kamelet:" + name + " is used, and no Kamelet file defines it"));
        duplicates(routes.stream().map(Route::id).toList())
                .forEach(id -> problems.add("route id " + id + " is given more than once"));
        duplicates(configurations.stream().map(Configuration::id).toList())
                .forEach(id -> problems.add("routeConfiguration id " + id + " is given more than once"));
        return problems;
    }

    private static Set<String> duplicates(List<String> ids) {
        Set<String> seen = new TreeSet<>();
        Set<String> twice = new TreeSet<>();
        for (String id : ids) {
            if (!seen.add(id)) {
                twice.add(id);
            }
        }
        return twice;
    }

    /** Camel's own matching of routeConfigurationId: the id itself, a * wildcard, or a regular expression */
    private static boolean matches(String pattern, String id) {
        if (pattern.equals(id)) {
            return true;
        }
        if (pattern.contains("*")) {
            String regex = Stream.of(pattern.split("\\*", -1)).map(Pattern::quote).collect(Collectors.joining(".*"));
            if (id.matches(regex)) {
                return true;
            }
        }
        try {
            return id.matches(pattern);
        } catch (RuntimeException notARegex) {
            return false;
        }
    }

    // ---------------------------------------------------------------------------------------------- the diagram

    /** the arrows between named things (route ids, Kamelet names, systems, endpoints), for tests to look for */
    public Set<Edge> edges() {
        Set<Edge> edges = new TreeSet<>((a, b) -> (a.from() + "\n" + a.to()).compareTo(b.from() + "\n" + b.to()));
        Map<String, List<Route>> consumers = consumers();
        for (Route route : routes) {
            for (Send send : route.sends()) {
                for (String target : targetNames(send, consumers)) {
                    edges.add(new Edge(route.id(), target));
                }
            }
            if (route.fromUri() != null && endpointKey(route.fromUri()).startsWith("kamelet:")) {
                edges.add(new Edge(endpointKey(route.fromUri()).substring("kamelet:".length()), route.id()));
            }
        }
        for (Configuration configuration : configurations) {
            for (Send send : configuration.sends()) {
                for (String target : targetNames(send, consumers)) {
                    edges.add(new Edge(configuration.id(), target));
                }
            }
        }
        return edges;
    }

    private static List<String> targetNames(Send send, Map<String, List<Route>> consumers) {
        if (send.scheme().equals("kamelet")) {
            return List.of(send.key().substring("kamelet:".length()));
        }
        if (routable(send.scheme()) && consumers.containsKey(send.key())) {
            return consumers.get(send.key()).stream().map(Route::id).toList();
        }
        return List.of(send.key());
    }

    /** the Mermaid text, {@code flowchart LR} to its last line, each line ending in a line feed */
    public String mermaid() {
        Ids ids = new Ids();
        Map<String, List<Route>> consumers = consumers();
        StringBuilder out = new StringBuilder("flowchart LR\n");
        Map<String, Set<String>> classes = new TreeMap<>();

        // which routes use each configuration
        Map<String, Set<String>> users = new TreeMap<>();
        for (Route route : routes) {
            for (String pattern : route.configurationIds()) {
                for (Configuration configuration : configurations) {
                    if (matches(pattern, configuration.id())) {
                        users.computeIfAbsent(configuration.id(), k -> new TreeSet<>()).add(route.id());
                    }
                }
            }
        }

        for (String file : new TreeSet<>(files)) {
            List<Route> fileRoutes = routes.stream().filter(r -> r.file().equals(file))
                    .sorted((a, b) -> a.id().compareTo(b.id())).toList();
            List<Configuration> fileConfigurations = configurations.stream().filter(c -> c.file().equals(file))
                    .sorted((a, b) -> a.id().compareTo(b.id())).toList();
            if (fileRoutes.isEmpty() && fileConfigurations.isEmpty()) {
                continue;
            }
            out.append("  subgraph ").append(ids.of("f", file)).append(" [\"").append(escape(file)).append("\"]\n");
            for (Route route : fileRoutes) {
                out.append("    ").append(ids.of("r", route.id())).append("[\"").append(escape(route.id()))
                        .append("<br/>").append(escape(route.fromLabel())).append("\"]\n");
            }
            for (Configuration configuration : fileConfigurations) {
                Set<String> usedBy = users.getOrDefault(configuration.id(), Set.of());
                String id = ids.of("c", configuration.id());
                out.append("    ").append(id).append("[\"routeConfiguration ").append(escape(configuration.id()))
                        .append("<br/>used by: ").append(usedBy.isEmpty() ? "no route" : usedBy.stream()
                                .map(RouteDiagram::escape).collect(Collectors.joining("<br/>")))
                        .append("\"]\n");
                classes.computeIfAbsent("configuration", k -> new TreeSet<>()).add(id);
            }
            out.append("  end\n");
        }

        // the Kamelets: those in the kamelets folder, and any other a route names
        Map<String, Kamelet> allKamelets = new TreeMap<>();
        kamelets.forEach(k -> allKamelets.put(k.name(), k));
        Stream.concat(routes.stream().flatMap(r -> r.sends().stream()), configurations.stream()
                        .flatMap(c -> c.sends().stream()))
                .filter(s -> s.scheme().equals("kamelet"))
                .map(s -> s.key().substring("kamelet:".length()))
                .forEach(name -> allKamelets.putIfAbsent(name, new Kamelet(name, null, null, null, null)));
        routes.stream().filter(r -> r.fromUri() != null && endpointKey(r.fromUri()).startsWith("kamelet:"))
                .map(r -> endpointKey(r.fromUri()).substring("kamelet:".length()))
                .forEach(name -> allKamelets.putIfAbsent(name, new Kamelet(name, "source", null, null, null)));
        if (!allKamelets.isEmpty()) {
            out.append("  subgraph ").append(ids.of("f", "kamelets")).append(" [\"src/main/resources/kamelets\"]\n");
            for (Kamelet kamelet : allKamelets.values()) {
                String what = kamelet.file() == null ? "not in kamelets/"
                        : (kamelet.type() == null ? "kamelet" : kamelet.type())
                        + (kamelet.title() == null ? "" : ": " + kamelet.title());
                out.append("    ").append(ids.of("k", kamelet.name())).append("[[\"").append(escape(kamelet.name()))
                        .append("<br/>").append(escape(what)).append("\"]]\n");
            }
            out.append("  end\n");
        }

        // the outside systems, the other endpoints, and direct:/seda: endpoints nobody consumes
        Set<String> systems = new TreeSet<>();
        allKamelets.values().stream().map(Kamelet::group).filter(g -> g != null).forEach(systems::add);
        for (String system : systems) {
            String id = ids.of("x", system);
            out.append("  ").append(id).append("([\"").append(escape(system)).append("\"])\n");
            classes.computeIfAbsent("system", k -> new TreeSet<>()).add(id);
        }
        Set<String> endpoints = new TreeSet<>();
        Set<String> missing = new TreeSet<>();
        Stream.concat(routes.stream().flatMap(r -> r.sends().stream()), configurations.stream()
                        .flatMap(c -> c.sends().stream()))
                .forEach(send -> {
                    if (send.scheme().equals("kamelet")) {
                        return;
                    }
                    if (routable(send.scheme()) && !send.unresolvable()) {
                        if (!consumers.containsKey(send.key())) {
                            missing.add(send.key());
                        }
                    } else {
                        endpoints.add(send.key());
                    }
                });
        for (String endpoint : endpoints) {
            out.append("  ").append(ids.of("e", endpoint)).append(">\"").append(escape(endpoint)).append("\"]\n");
        }
        for (String endpoint : missing) {
            String id = ids.of("e", endpoint);
            out.append("  ").append(id).append("[\"").append(escape(endpoint)).append("<br/>no route consumes it\"]\n");
            classes.computeIfAbsent("missing", k -> new TreeSet<>()).add(id);
        }

        // the arrows: "from arrow to" -> labels
        Map<String, Set<String>> arrows = new TreeMap<>();
        for (Route route : routes) {
            String from = ids.of("r", route.id());
            for (Send send : route.sends()) {
                String label = routable(send.scheme()) && send.scheme().equals("seda") ? "seda" : "";
                if (send.how().equals("wireTap")) {
                    label = label.isEmpty() ? "wireTap" : label + " wireTap";
                }
                for (String to : targetIds(send, consumers, ids)) {
                    arrows.computeIfAbsent(from + " --> " + to, k -> new TreeSet<>()).add(label);
                }
            }
            if (route.fromUri() != null && endpointKey(route.fromUri()).startsWith("kamelet:")) {
                String kamelet = endpointKey(route.fromUri()).substring("kamelet:".length());
                arrows.computeIfAbsent(ids.of("k", kamelet) + " --> " + from, k -> new TreeSet<>()).add("");
            }
        }
        for (Configuration configuration : configurations) {
            String from = ids.of("c", configuration.id());
            for (Send send : configuration.sends()) {
                for (String to : targetIds(send, consumers, ids)) {
                    arrows.computeIfAbsent(from + " -.-> " + to, k -> new TreeSet<>()).add(send.part());
                }
            }
        }
        for (Kamelet kamelet : allKamelets.values()) {
            if (kamelet.group() == null) {
                continue;
            }
            String k = ids.of("k", kamelet.name());
            String x = ids.of("x", kamelet.group());
            String arrow = "source".equals(kamelet.type()) ? x + " --> " + k : k + " --> " + x;
            arrows.computeIfAbsent(arrow, a -> new TreeSet<>()).add("");
        }
        arrows.forEach((arrow, labels) -> {
            String label = labels.stream().filter(l -> !l.isEmpty()).collect(Collectors.joining(", "));
            if (label.isEmpty()) {
                out.append("  ").append(arrow).append('\n');
            } else {
                String[] parts = arrow.split(" ");
                out.append("  ").append(parts[0]).append(' ').append(parts[1]).append('|').append(escape(label))
                        .append("| ").append(parts[2]).append('\n');
            }
        });

        out.append("  classDef configuration stroke-dasharray: 4 3\n");
        out.append("  classDef system stroke-width: 3px\n");
        out.append("  classDef missing fill:#fdd,stroke:#c00,color:#600\n");
        classes.forEach((name, members) ->
                out.append("  class ").append(String.join(",", members)).append(' ').append(name).append('\n'));
        return out.toString();
    }

    private static List<String> targetIds(Send send, Map<String, List<Route>> consumers, Ids ids) {
        if (send.scheme().equals("kamelet")) {
            return List.of(ids.of("k", send.key().substring("kamelet:".length())));
        }
        if (routable(send.scheme()) && consumers.containsKey(send.key())) {
            return consumers.get(send.key()).stream().map(r -> ids.of("r", r.id())).toList();
        }
        return List.of(ids.of("e", send.key()));
    }

    /** Mermaid's entity codes for what would end a quoted label or read as markup */
    private static String escape(String text) {
        return text.replace("#", "#35;").replace("\"", "#quot;").replace("<", "#lt;").replace(">", "#gt;")
                .replace("|", "#124;");
    }

    /** node ids Mermaid takes (letters, digits, _), one per kind and name, never two alike */
    private static final class Ids {
        private final Map<String, String> byName = new LinkedHashMap<>();
        private final Set<String> taken = new TreeSet<>();

        String of(String kind, String name) {
            return byName.computeIfAbsent(kind + ":" + name, k -> {
                String id = kind + "_" + name.replaceAll("[^A-Za-z0-9]+", "_");
                String unique = id;
                for (int n = 2; !taken.add(unique); n++) {
                    unique = id + "_" + n;
                }
                return unique;
            });
        }
    }

    // ---------------------------------------------------------------------------------------------- README

    /** what README holds between the two marker lines */
    public String readmeBlock() {
        return "```mermaid\n" + mermaid() + "```\n";
    }

    /** the text between the marker lines of {@code readme} (line feeds only), or an exception naming what is missing */
    public static String currentBlock(String readme) {
        String text = readme.replace("\r\n", "\n");
        int begin = text.indexOf(BEGIN + "\n");
        int end = text.indexOf("\n" + END, begin < 0 ? 0 : begin);
        if (begin < 0 || end < 0) {
            throw new IllegalStateException("README.md has no line " + (begin < 0 ? BEGIN : END));
        }
        return text.substring(begin + BEGIN.length() + 1, end + 1);
    }

    /** {@code readme} with the text between its marker lines replaced by {@link #readmeBlock()} */
    public String rewrite(String readme) {
        String text = readme.replace("\r\n", "\n");
        String current = currentBlock(text);
        int begin = text.indexOf(BEGIN + "\n") + BEGIN.length() + 1;
        return text.substring(0, begin) + readmeBlock() + text.substring(begin + current.length());
    }

    /** prints the diagram (or, with the argument --write, rewrites README.md) for the project in the current folder */
    public static void main(String[] args) throws IOException {
        Path base = Path.of("").toAbsolutePath();
        RouteDiagram diagram = of(base);
        if (args.length > 0 && args[0].equals("--write")) {
            Path readme = base.resolve("README.md");
            Files.writeString(readme, diagram.rewrite(Files.readString(readme, StandardCharsets.UTF_8)),
                    StandardCharsets.UTF_8);
        } else {
            System.out.print(diagram.mermaid());
        }
    }
}

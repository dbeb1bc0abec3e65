package dev.wootrack.kamelets;

import java.util.Properties;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;

/**
 * A plain CamelContext with nothing but a test route in YAML: the Kamelet it calls is resolved from the classpath
 * ({@code kamelets/<name>.kamelet.yaml}) by the kamelet component, as in any host.
 */
final class KameletHost implements AutoCloseable {

    final CamelContext context = new DefaultCamelContext();
    final Properties properties = new Properties();
    private ProducerTemplate template;

    KameletHost property(String key, String value) {
        properties.setProperty(key, value);
        return this;
    }

    /** Loads the routes (YAML DSL) and starts the context. */
    KameletHost start(String yaml) throws Exception {
        context.getPropertiesComponent().setInitialProperties(properties);
        PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.fromString("test.camel.yaml", yaml));
        context.start();
        return this;
    }

    ProducerTemplate template() {
        if (template == null) {
            template = context.createProducerTemplate();
        }
        return template;
    }

    /**
     * The body of a {@code - to:} step at the test routes' depth: {@code uri} on the first line, then any further
     * lines ({@code parameters:} and its entries, indented by two), as written in a text block.
     */
    static String to(String block) {
        StringBuilder sb = new StringBuilder();
        String[] lines = block.strip().split("\n");
        sb.append("            uri: ").append(lines[0].strip());
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i].strip();
            sb.append('\n').append(line.endsWith(":") && !line.contains(" ") ? "            " : "              ").append(line);
        }
        return sb.toString();
    }

    @Override
    public void close() {
        context.stop();
    }
}

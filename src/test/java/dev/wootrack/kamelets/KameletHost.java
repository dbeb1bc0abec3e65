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

    @Override
    public void close() {
        context.close();
    }
}

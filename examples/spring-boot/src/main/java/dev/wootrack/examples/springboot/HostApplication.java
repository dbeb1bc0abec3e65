package dev.wootrack.examples.springboot;

import dev.wootrack.WooTrackBeans;
import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * A Spring Boot application of its own that also runs WooTrack: WooTrack's routes come from the library jar
 * ({@code camel.main.routes-include-pattern} in application.properties), its beans from {@link WooTrackBeans}, its
 * settings from the {@code wootrack.*} properties of this application (the library fills in the rest from its defaults).
 */
@SpringBootApplication
public class HostApplication {

    public static void main(String[] args) {
        SpringApplication.run(HostApplication.class, args);
    }

    /** WooTrack's beans, bound before the routes start (camel-main's {@code configuration-classes} does this there). */
    @Bean
    CamelContextConfiguration wooTrack() {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext camelContext) {
                try {
                    new WooTrackBeans().configure(camelContext);
                } catch (Exception e) {
                    throw new IllegalStateException("WooTrack's beans: " + e.getMessage(), e);
                }
            }

            @Override
            public void afterApplicationStart(CamelContext camelContext) {
            }
        };
    }
}

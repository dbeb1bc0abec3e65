package dev.wootrack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.Map;
import java.util.Properties;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, item 17: the packaged jar ships no library with the known high CVEs it used to: Netty 4.1.130
 * (CVE-2026-33870 request smuggling, CVE-2026-33871; also CVE-2026-89044, fixed in 4.2.18), Vert.x 4.5.24
 * (CVE-2026-6860, fixed in 4.5.27), Jackson 2.19.4 (GHSA-72hv-8253-57qq, CVE-2026-54512…18, fixed by 2.21.5 / 2.22.1).
 * Read from the jar itself: what an operator runs.
 */
class DependencyVersionsIT {

    /** The lowest version without those CVEs, per artifact. */
    static final Map<String, String> FIXED = Map.of(
            "io.netty/netty-codec-http", "4.2.18.Final",
            "io.netty/netty-handler", "4.2.18.Final",
            "io.vertx/vertx-core", "4.5.27",
            "io.vertx/vertx-web", "4.5.27",
            "com.fasterxml.jackson.core/jackson-databind", "2.22.1",
            "com.fasterxml.jackson.core/jackson-core", "2.22.1");

    @Test
    void theJarShipsNoLibraryWithTheKnownHighCves() throws Exception {
        try (JarFile jar = new JarFile("target/wootrack.jar")) {
            for (Map.Entry<String, String> fixed : FIXED.entrySet()) {
                JarEntry entry = jar.getJarEntry("META-INF/maven/" + fixed.getKey() + "/pom.properties");
                assertThat(entry).as(fixed.getKey() + " in the jar").isNotNull();
                Properties p = new Properties();
                try (InputStream in = jar.getInputStream(entry)) {
                    p.load(in);
                }
                String version = p.getProperty("version");
                assertThat(compare(version, fixed.getValue())).as(fixed.getKey() + " " + version + " is at least "
                        + fixed.getValue()).isGreaterThanOrEqualTo(0);
            }
        }
    }

    /** Compares dotted versions number by number (a trailing ".Final" ignored). */
    static int compare(String a, String b) {
        String[] x = a.replace(".Final", "").split("[.-]");
        String[] y = b.replace(".Final", "").split("[.-]");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int p = i < x.length ? Integer.parseInt(x[i].replaceAll("\\D.*", "")) : 0;
            int q = i < y.length ? Integer.parseInt(y[i].replaceAll("\\D.*", "")) : 0;
            if (p != q) {
                return Integer.compare(p, q);
            }
        }
        return 0;
    }
}

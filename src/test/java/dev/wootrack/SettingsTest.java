package dev.wootrack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SettingsTest {

    @Test
    void aMissingRequiredSettingNamesTheKeyAndItsEnvironmentVariable() {
        Map<String, String> values = Map.of("wootrack.data-dir", "./data", "wootrack.node-id", "local",
                "wootrack.woocommerce.webhook-secret", "  ");
        assertThatThrownBy(() -> Settings.from(k -> Optional.ofNullable(values.get(k))))
                .isInstanceOf(Settings.MissingSetting.class)
                .hasMessageContaining("'wootrack.woocommerce.webhook-secret'")
                .hasMessageContaining("WOOTRACK_WOOCOMMERCE_WEBHOOK_SECRET");
    }

    @Test
    void environmentVariableNamesFollowTheKey() {
        assertThat(Settings.envName("wootrack.trackingtech.redelivery.maximum-delay"))
                .isEqualTo("WOOTRACK_TRACKINGTECH_REDELIVERY_MAXIMUM_DELAY");
    }

    @Test
    void runRefusesToStartWithoutTheWebhookSecret() {
        assertThatThrownBy(() -> WooTrackRuntime.start(Map.of("wootrack.woocommerce.webhook-secret", "",
                "camel.server.enabled", "false", "wootrack.data-dir", "target/settings-test")))
                .hasMessageContaining("wootrack.woocommerce.webhook-secret");
    }
}

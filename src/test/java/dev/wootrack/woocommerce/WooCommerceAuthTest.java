package dev.wootrack.woocommerce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.scribejava.core.services.TimestampService;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class WooCommerceAuthTest {

    private static final TimestampService FIXED = new TimestampService() {
        @Override
        public String getTimestampInSeconds() {
            return "1191242096";
        }

        @Override
        public String getNonce() {
            return "kllo9940pd9333jh";
        }
    };

    @Test
    void oauth1SignatureMatchesThePublishedTestVector() {
        // OAuth Core 1.0, Appendix A.5 (the photos.example.net example)
        WooCommerceAuth auth = new WooCommerceAuth("oauth1", "http://photos.example.net", "dpf43f3p2l4k3l03",
                "kd94hf93k423kf44", FIXED);
        String header = auth.oauth1("GET", "http://photos.example.net/photos?file=vacation.jpg&size=original",
                "nnch734d00sl2jdk", "pfkkdhi9sl3r4s00");

        Map<String, String> params = params(header);
        assertThat(params.get("oauth_signature")).isEqualTo("tR3+Ty81lMeYAr/Fid0kMTYa/WM=");
        assertThat(params).containsEntry("oauth_signature_method", "HMAC-SHA1")
                .containsEntry("oauth_consumer_key", "dpf43f3p2l4k3l03").containsEntry("oauth_token", "nnch734d00sl2jdk");
    }

    @Test
    void oneLeggedOauthSendsNoTokenAndAFreshNonceEachTime() {
        WooCommerceAuth auth = new WooCommerceAuth("auto", "http://shop.local", "ck_1", "cs_1");
        assertThat(auth.mode()).isEqualTo(WooCommerceAuth.Mode.OAUTH1);
        String a = auth.authorization("GET", "http://shop.local/wp-json/wc/v3/orders?page=1");
        String b = auth.authorization("GET", "http://shop.local/wp-json/wc/v3/orders?page=1");
        assertThat(params(a)).doesNotContainKey("oauth_token").containsKeys("oauth_nonce", "oauth_timestamp");
        assertThat(params(a).get("oauth_nonce")).isNotEqualTo(params(b).get("oauth_nonce"));
        assertThat(a).doesNotContain("cs_1");
    }

    @Test
    void basicOverHttpsAndQueryCredentialsWhenAsked() {
        WooCommerceAuth basic = new WooCommerceAuth("auto", "https://shop.example", "ck_1", "cs_1");
        assertThat(basic.mode()).isEqualTo(WooCommerceAuth.Mode.BASIC);
        assertThat(basic.authorization("GET", "https://shop.example/x")).isEqualTo(
                "Basic " + Base64.getEncoder().encodeToString("ck_1:cs_1".getBytes(StandardCharsets.UTF_8)));
        assertThat(basic.url("https://shop.example/x?a=1")).isEqualTo("https://shop.example/x?a=1");

        WooCommerceAuth query = new WooCommerceAuth("query", "https://shop.example", "ck_1", "cs_1");
        assertThat(query.authorization("GET", "https://shop.example/x")).isNull();
        assertThat(query.url("https://shop.example/x?a=1"))
                .isEqualTo("https://shop.example/x?a=1&consumer_key=ck_1&consumer_secret=cs_1");
        assertThat(WooCommerceAuth.redact(query.url("https://shop.example/x?a=1"))).isEqualTo("https://shop.example/x");
    }

    @Test
    void noKeysMeansNoRestAndAWrongModeIsNamed() {
        assertThat(new WooCommerceAuth("auto", "https://shop.example", "", null).configured()).isFalse();
        assertThatThrownBy(() -> new WooCommerceAuth("token", "https://shop.example", "ck", "cs"))
                .hasMessageContaining("wootrack.woocommerce.auth");
        assertThat(new WooCommerceAuth("basic", "https://shop.example", "ck_secretish", "cs_1").toString())
                .doesNotContain("cs_1");
    }

    static Map<String, String> params(String header) {
        assertThat(header).startsWith("OAuth ");
        Map<String, String> out = new HashMap<>();
        Matcher m = Pattern.compile("(oauth_[a-z_]+)=\"([^\"]*)\"").matcher(header);
        while (m.find()) {
            out.put(m.group(1), URLDecoder.decode(m.group(2), StandardCharsets.UTF_8));
        }
        return out;
    }
}

package dev.wootrack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wootrack.store.DeadLetters;
import dev.wootrack.woocommerce.WooOrder;
import org.junit.jupiter.api.Test;

/**
 * Jackson's messages quote the input ({@code Unrecognized token 'ana.rojas'}, {@code from String "+56 9 …"}); what
 * WooTrack says about a JSON problem names its kind, field and place, never a customer's data.
 */
class JsonProblemTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String EMAIL = "ana.rojas@correo.cl";
    static final String PHONE = "+56 9 8765 4321";

    private static JacksonException readTree(String text) {
        return catchThrowableOfType(JacksonException.class, () -> JSON.readTree(text));
    }

    private static JacksonException readOrder(String text) {
        return catchThrowableOfType(JacksonException.class, () -> JSON.readValue(text, WooOrder.class));
    }

    @Test
    void syntaxErrorsSayWhereAndWhatNotTheText() {
        JacksonException e = readTree("{\"id\":1,\n \"billing\":{\"email\": " + EMAIL + "}}"); // 'a' at column 22
        assertThat(e.getMessage()).as("what Jackson says").contains("ana");
        assertThat(JsonProblem.describe(e)).isEqualTo("invalid JSON syntax (unexpected character or token) at line 2,"
                + " column 22").doesNotContain("ana");
        assertThat(JsonProblem.describe(readTree("{\"id\":1,\"phone\":\"" + PHONE)))
                .startsWith("the JSON ends before it is complete").doesNotContain("56");
        assertThat(JsonProblem.describe(readTree("[".repeat(1_001)))).startsWith("the JSON is over a limit");
    }

    @Test
    void valuesOfTheWrongTypeNameTheFieldNotTheValue() {
        JacksonException e = readOrder("{\"id\":1,\"line_items\":[{\"quantity\":\"" + PHONE + "\"}]}");
        assertThat(e.getMessage()).as("what Jackson says").contains(PHONE);
        assertThat(JsonProblem.describe(e)).startsWith("'line_items[0].quantity' must be a number")
                .doesNotContain(PHONE).doesNotContain("56 9");
        assertThat(JsonProblem.describe(readOrder("{\"id\":1,\"line_items\":\"" + EMAIL + "\"}")))
                .startsWith("'line_items' must be an array").doesNotContain("ana");
        assertThat(JsonProblem.describe(readOrder("{\"id\":1,\"billing\":[\"" + EMAIL + "\"]}")))
                .startsWith("'billing' must be an object").doesNotContain("ana");
    }

    @Test
    void aDeadLetterOfAnUnreadableOrderKeepsTheCustomerOutOfItsReason() {
        JacksonException e = readOrder("{\"id\":1,\"billing\":{\"phone\":" + PHONE.replace(" ", "") + "x}}");
        DeadLetters.Failure f = DeadLetters.Failure.of(new org.apache.camel.RuntimeCamelException(e));
        assertThat(f.reason()).startsWith("unreadable JSON: ").doesNotContain("8765");
        assertThat(f.httpStatus()).isNull();
        assertThat(DeadLetters.Failure.of(new IllegalStateException("no such thing")).reason())
                .isEqualTo("IllegalStateException: no such thing");
        assertThat(JsonProblem.in(new IllegalStateException("x"))).isNull();
    }
}

package dev.wootrack;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.util.Collection;

/**
 * What is wrong with a JSON text, in words fit for an answer, a log line or a dead letter's reason: the kind of
 * problem, the field it is in and where (line, column), never the text itself. Jackson's own messages quote the
 * input ({@code Unrecognized token 'ana.rojas'}, {@code from String "+56 9 …"}), which is customers' personal data
 * in an order. Every place a Jackson failure reaches an answer, a log or a dead letter goes through here.
 */
public final class JsonProblem {

    private JsonProblem() {
    }

    /** The JSON problem among a failure's causes, described; null when the failure is not about JSON. */
    public static String in(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof JacksonException j) {
                return describe(j);
            }
        }
        return null;
    }

    /** E.g. {@code unexpected character at line 1, column 57} or {@code 'line_items' must be an array}. */
    public static String describe(JacksonException e) {
        String field = e instanceof JsonMappingException m ? path(m) : "";
        String what;
        if (e instanceof MismatchedInputException m && !field.isEmpty()) {
            what = "'" + field + "' must be " + expected(m.getTargetType());
        } else if (e instanceof JsonEOFException) {
            what = "the JSON ends before it is complete";
        } else if (e instanceof StreamConstraintsException) {
            what = "the JSON is over a limit (nesting depth, or the length of a number, string or name)";
        } else if (e instanceof InputCoercionException) {
            what = "a number is out of range";
        } else if (e instanceof MismatchedInputException m) {
            what = String.valueOf(m.getOriginalMessage()).startsWith("Trailing token")
                    ? "there is more after the JSON value" : "the JSON does not have the expected shape";
        } else if (e instanceof JsonMappingException) {
            what = field.isEmpty() ? "the JSON does not have the expected shape" : "'" + field + "' cannot be read";
        } else {
            what = "invalid JSON syntax (unexpected character or token)";
        }
        return what + where(e.getLocation());
    }

    private static String where(JsonLocation at) {
        if (at == null || at.getLineNr() < 1) {
            return ""; // e.g. bound from a tree: no place in a text
        }
        return " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    }

    /** {@code line_items[0].quantity}: WooTrack's own field names (unknown ones are ignored, never reported). */
    private static String path(JsonMappingException e) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                if (out.length() > 0) {
                    out.append('.');
                }
                out.append(r.getFieldName().replaceAll("[^A-Za-z0-9_]", "?"));
            } else if (r.getIndex() >= 0) {
                out.append('[').append(r.getIndex()).append(']');
            }
        }
        return out.length() > 120 ? out.substring(0, 120) + "…" : out.toString();
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "of another type";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        if (type == String.class || CharSequence.class.isAssignableFrom(type)) {
            return "a string";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != char.class)) {
            return "a number";
        }
        return "an object";
    }
}

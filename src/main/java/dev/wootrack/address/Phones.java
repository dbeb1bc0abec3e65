package dev.wootrack.address;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

/** Phone numbers read and written with Google's libphonenumber: its metadata says which numbers exist. */
final class Phones {

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

    /** What a written number is: unreadable, not a number that exists, or a valid one with its E.164 form. */
    sealed interface Reading permits Unreadable, Invalid, Valid {
    }

    record Unreadable(String why) implements Reading {
    }

    record Invalid(String e164) implements Reading {
    }

    record Valid(String e164) implements Reading {
    }

    private Phones() {
    }

    /** Reads a number as written in an address of {@code country} (ISO 3166-1 alpha-2; null: it must start with +). */
    static Reading read(String written, String country) {
        try {
            PhoneNumber n = UTIL.parse(written, country == null || country.isBlank() ? null
                    : country.trim().toUpperCase(java.util.Locale.ROOT));
            String e164 = UTIL.format(n, PhoneNumberUtil.PhoneNumberFormat.E164);
            return UTIL.isValidNumber(n) ? new Valid(e164) : new Invalid(e164);
        } catch (NumberParseException e) {
            return new Unreadable(switch (e.getErrorType()) {
                case INVALID_COUNTRY_CODE -> "no country code, and the address has no country";
                case TOO_SHORT_NSN, TOO_SHORT_AFTER_IDD -> "too short";
                case TOO_LONG -> "too long";
                default -> "not a phone number";
            });
        }
    }

    /** What a message may show of a phone number: every digit but the last two masked ({@code +56 9 **** **21}). */
    static String mask(String written) {
        if (written == null || written.isBlank()) {
            return "(empty)";
        }
        String t = written.trim();
        long digits = t.chars().filter(Character::isDigit).count();
        StringBuilder out = new StringBuilder(t.length());
        long seen = 0;
        for (char c : t.toCharArray()) {
            if (Character.isDigit(c) && seen++ < digits - 2) {
                out.append('*');
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}

package dev.dmig.feature.mask;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A date shifted by whole days, its offset drawn from its value's hash (1 to {@code days} days, earlier or later): a text
 * that starts with an ISO date ({@code 1990-04-17}, {@code 2024-05-01T10:00:00.000Z}, Amplify's AWSDate and AWSDateTime)
 * keeps everything after the date as it is; a number is seconds since 1970 (AWSTimestamp), or milliseconds from 10^11.
 * The offset is the date's: the same date moves alike wherever it is, under one key.
 */
final class Dates {
    private static final Pattern ISO_DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final BigDecimal MILLIS_FROM = new BigDecimal("100000000000");
    private static final long SECONDS_A_DAY = 86_400;
    /** Milliseconds past the year 30,000: no number a date is held as. */
    private static final BigDecimal LATEST = new BigDecimal("1E15");

    private Dates() {}

    static AttributeValue shifted(KeyedHash hash, AttributeValue value, int days) {
        if (value.type() == AttributeValue.Type.S && value.s().isEmpty()) {
            return value;
        }
        if (value.type() == AttributeValue.Type.S && value.s().length() >= 10 && ISO_DATE.matcher(value.s().substring(0, 10)).matches()) {
            try {
                LocalDate date = LocalDate.parse(value.s().substring(0, 10));
                return AttributeValue.fromS(date.plusDays(offset(hash, date, days)) + value.s().substring(10));
            } catch (DateTimeParseException e) {
                throw notADate(value);
            }
        }
        if (value.type() == AttributeValue.Type.N && new BigDecimal(value.n()).abs().compareTo(LATEST) < 0) {
            BigDecimal number = new BigDecimal(value.n());
            boolean millis = number.abs().compareTo(MILLIS_FROM) >= 0;
            long seconds = (millis ? number.movePointLeft(3) : number).setScale(0, java.math.RoundingMode.FLOOR).longValueExact();
            LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(seconds, SECONDS_A_DAY));
            long offset = offset(hash, date, days) * SECONDS_A_DAY;
            BigDecimal by = BigDecimal.valueOf(millis ? offset * 1000 : offset);
            return AttributeValue.fromN(number.add(by).toPlainString());
        }
        throw notADate(value);
    }

    /**
     * Whole days, 1 to {@code days}, earlier or later (never 0), drawn from the date alone: every time of one day (UTC for a
     * number) moves alike, so that a day's events keep their order, whether written as text or as a number.
     */
    static long offset(KeyedHash hash, LocalDate date, int days) {
        ByteBuffer bytes = hash.of(MaskKind.DATE, date.toString(), 0);
        long magnitude = 1 + Math.floorMod(bytes.getInt(8), days);
        return bytes.get(12) < 0 ? -magnitude : magnitude;
    }

    private static IllegalArgumentException notADate(AttributeValue value) {
        return new IllegalArgumentException("expected a date (text starting YYYY-MM-DD, or a number of seconds or milliseconds"
                + " since 1970) to mask as date, found " + (value.type() == AttributeValue.Type.S ? "a string that is none"
                : Masker.typeName(value)));
    }
}

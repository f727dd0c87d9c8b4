package dev.dmig.csv;

/**
 * One cell of the CSV dmig writes (ID maps, identity maps), as RFC 4180 has it, and safe to open in a spreadsheet: a
 * value that begins with {@code =}, {@code +}, {@code -}, {@code @}, a tab or a carriage return, which a spreadsheet
 * would run as a formula, is written as {@code '} and the value, in double quotes (OWASP's advice against CSV
 * injection). A program reading the file takes the {@code '} off such a cell ({@link #read}); dmig does, reading an
 * identity map.
 */
public final class CsvCell {
    private static final String FORMULA_STARTS = "=+-@\t\r";

    private CsvCell() {}

    /** {@code value} as a cell: empty for null, quoted when it must be, escaped when a spreadsheet would run it. */
    public static String write(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        boolean formula = FORMULA_STARTS.indexOf(value.charAt(0)) >= 0;
        String text = formula ? "'" + value : value;
        if (formula || text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
            return "\"" + text.replace("\"", "\"\"") + "\"";
        }
        return text;
    }

    /** A cell's value, its quotes already taken off: without the {@code '} that {@link #write} put before a formula's start. */
    public static String read(String cell) {
        if (cell.length() > 1 && cell.charAt(0) == '\'' && FORMULA_STARTS.indexOf(cell.charAt(1)) >= 0) {
            return cell.substring(1);
        }
        return cell;
    }
}

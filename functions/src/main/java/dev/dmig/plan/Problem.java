package dev.dmig.plan;

/**
 * One thing wrong with a plan or with the data it would move, located by table, attribute and
 * item key (each optional) so that the one-line message says exactly where to look.
 */
public record Problem(String table, String attribute, String key, String message) {

    public static Problem plan(String message) {
        return new Problem(null, null, null, message);
    }

    public static Problem table(String table, String message) {
        return new Problem(table, null, null, message);
    }

    public static Problem attribute(String table, String attribute, String message) {
        return new Problem(table, attribute, null, message);
    }

    @Override
    public String toString() {
        StringBuilder where = new StringBuilder();
        if (table != null) {
            where.append("table ").append(table);
        }
        if (key != null) {
            where.append(where.isEmpty() ? "" : ", ").append("item ").append(key);
        }
        if (attribute != null) {
            where.append(where.isEmpty() ? "" : ", ").append("attribute ").append(attribute);
        }
        return where.isEmpty() ? message : where + ": " + message;
    }
}

package dev.dmig.report;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The dependency graph as inline SVG: one column per level (first level on the left), one box per
 * model, one curve per referencing pair from the child to its parent. A level with more models
 * than fit in a column wraps into extra columns, so thirty tables stay within a laptop's width;
 * the drawing scales to its container, so it never scrolls sideways.
 */
final class LevelGraph {
    static final int BOX_WIDTH = 172;
    static final int BOX_HEIGHT = 34;
    private static final int ROW_GAP = 7;
    private static final int WRAP_GAP = 10;
    private static final int LEVEL_GAP = 48;
    private static final int HEADER = 26;
    private static final int PAD = 10;
    /** The width the layout aims at: a 1366-pixel laptop screen less margins and scroll bar. */
    static final int TARGET_WIDTH = 1260;
    private static final int MIN_ROWS = 6;

    /** How one model is drawn: a line under its name, a state (ok, bad, warn, plain) and a tooltip. */
    record Node(String detail, String state, String tooltip) {}

    private final List<List<String>> levels;
    private final Map<String, Node> nodes;
    private final Map<String, Map<String, List<String>>> references;

    /** {@code references}: child model → parent model → the child's attribute paths pointing there. */
    LevelGraph(List<List<String>> levels, Map<String, Node> nodes, Map<String, Map<String, List<String>>> references) {
        this.levels = levels;
        this.nodes = nodes;
        this.references = references;
    }

    /** Rows per column: as many as needed for the tallest level, fewer when wrapping still fits the width. */
    static int rows(List<Integer> levelSizes) {
        int tallest = levelSizes.stream().mapToInt(Integer::intValue).max().orElse(1);
        int rows = tallest;
        while (rows - 1 >= Math.min(MIN_ROWS, tallest) && rows - 1 > 0 && width(levelSizes, rows - 1) <= TARGET_WIDTH) {
            rows--;
        }
        return Math.max(1, rows);
    }

    static int width(List<Integer> levelSizes, int rows) {
        int width = 2 * PAD;
        for (int i = 0; i < levelSizes.size(); i++) {
            int columns = Math.max(1, (levelSizes.get(i) + rows - 1) / rows);
            width += columns * BOX_WIDTH + (columns - 1) * WRAP_GAP + (i > 0 ? LEVEL_GAP : 0);
        }
        return width;
    }

    /** Where each model's box is drawn (its top-left corner), its index in drawing order, and the levels' headings. */
    private record Layout(Map<String, int[]> at, Map<String, Integer> index, String heads) {}

    String svg() {
        List<Integer> sizes = levels.stream().map(List::size).toList();
        int rows = rows(sizes);
        int width = width(sizes, rows);
        int height = HEADER + rows * (BOX_HEIGHT + ROW_GAP) - ROW_GAP + 2 * PAD;
        Layout layout = layout(rows);
        StringBuilder svg = new StringBuilder();
        svg.append("<svg class=\"graph\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" viewBox=\"0 0 ")
                .append(width).append(' ').append(height).append("\" width=\"").append(width).append("\" height=\"")
                .append(height).append("\" aria-label=\"Dependency graph: ").append(Html.plural(layout.at().size(), "model", "models"))
                .append(" in ").append(Html.plural(levels.size(), "level", "levels")).append("\">");
        svg.append("<defs><marker id=\"arrow\" viewBox=\"0 0 8 8\" refX=\"7\" refY=\"4\" markerWidth=\"7\" markerHeight=\"7\" ")
                .append("orient=\"auto-start-reverse\"><path d=\"M0,0 L8,4 L0,8 z\" class=\"ah\"/></marker></defs>");
        svg.append(layout.heads());
        int edges = edges(svg, layout);
        nodes(svg, layout);
        svg.append("</svg>");
        svg.append("<p class=\"note\">").append(Html.plural(layout.at().size(), "model", "models")).append(" in ")
                .append(Html.plural(levels.size(), "level", "levels")).append(", ")
                .append(Html.plural(edges, "referencing pair", "referencing pairs"))
                .append("; arrows point from a table to the table it references. Levels run one after another, left to right;"
                        + " hover over a table to trace its references.</p>");
        return svg.toString();
    }

    /** A column (or several, wrapped) per level, left to right, each under its heading. */
    private Layout layout(int rows) {
        Map<String, int[]> at = new LinkedHashMap<>();
        Map<String, Integer> index = new HashMap<>();
        StringBuilder heads = new StringBuilder();
        int x = PAD;
        for (int level = 0; level < levels.size(); level++) {
            int columns = Math.max(1, (levels.get(level).size() + rows - 1) / rows);
            List<String> models = columns == 1 ? levels.get(level) : wrapOrder(levels.get(level));
            int levelWidth = columns * BOX_WIDTH + (columns - 1) * WRAP_GAP;
            heads.append("<text class=\"lh\" x=\"").append(x).append("\" y=\"").append(PAD + 14).append("\">Level ")
                    .append(level + 1).append(" <tspan class=\"lc\">· ").append(Html.plural(models.size(), "model", "models"))
                    .append("</tspan></text>");
            for (int k = 0; k < models.size(); k++) {
                int column = k / rows;
                int row = k % rows;
                // Short columns are centred vertically, so small levels and wrapped remainders sit mid-height.
                int inColumn = Math.min(rows, models.size() - column * rows);
                int offset = (rows - inColumn) * (BOX_HEIGHT + ROW_GAP) / 2;
                int bx = x + column * (BOX_WIDTH + WRAP_GAP);
                int by = PAD + HEADER + offset + row * (BOX_HEIGHT + ROW_GAP);
                at.put(models.get(k), new int[] {bx, by});
                index.put(models.get(k), index.size());
            }
            x += levelWidth + LEVEL_GAP;
        }
        return new Layout(at, index, heads.toString());
    }

    /** One curve per referencing pair whose both models are drawn, titled with the paths; returns how many. */
    private int edges(StringBuilder svg, Layout layout) {
        svg.append("<g class=\"edges\">");
        int edges = 0;
        for (Map.Entry<String, Map<String, List<String>>> child : references.entrySet()) {
            int[] from = layout.at().get(child.getKey());
            if (from == null) {
                continue;
            }
            for (Map.Entry<String, List<String>> parent : child.getValue().entrySet()) {
                int[] to = layout.at().get(parent.getKey());
                if (to == null) {
                    continue;
                }
                svg.append("<path class=\"edge\" data-from=\"").append(layout.index().get(child.getKey())).append("\" data-to=\"")
                        .append(layout.index().get(parent.getKey())).append("\" d=\"")
                        .append(curve(from, to, child.getKey().equals(parent.getKey())))
                        .append("\" marker-end=\"url(#arrow)\"><title>").append(Html.escape(child.getKey())).append('.')
                        .append(Html.escape(String.join(", ", parent.getValue()))).append(" → ")
                        .append(Html.escape(parent.getKey())).append("</title></path>");
                edges++;
            }
        }
        svg.append("</g>");
        return edges;
    }

    /** One box per model: its name, squeezed or cut to fit, the line under it, and its tooltip. */
    private void nodes(StringBuilder svg, Layout layout) {
        svg.append("<g class=\"nodes\">");
        for (Map.Entry<String, int[]> node : layout.at().entrySet()) {
            String model = node.getKey();
            int[] p = node.getValue();
            Node facts = nodes.getOrDefault(model, new Node("", "plain", model));
            svg.append("<g class=\"node ").append(stateClass(facts.state())).append("\" data-i=\"").append(layout.index().get(model))
                    .append("\" data-model=\"").append(Html.escape(model)).append("\" tabindex=\"0\"><title>")
                    .append(Html.escape(facts.tooltip())).append("</title>");
            svg.append("<rect x=\"").append(p[0]).append("\" y=\"").append(p[1]).append("\" width=\"").append(BOX_WIDTH)
                    .append("\" height=\"").append(BOX_HEIGHT).append("\" rx=\"5\"/>");
            svg.append("<text class=\"nm\" x=\"").append(p[0] + 8).append("\" y=\"").append(p[1] + 14).append('"')
                    .append(fit(model, BOX_WIDTH - 16, 12.5)).append('>').append(Html.escape(shorten(model, BOX_WIDTH - 16, 12.5, 1.3)))
                    .append("</text>");
            svg.append("<text class=\"dt\" x=\"").append(p[0] + 8).append("\" y=\"").append(p[1] + 28).append("\">")
                    .append(Html.escape(shorten(facts.detail(), BOX_WIDTH - 16, 11, 1.0))).append("</text></g>");
        }
        svg.append("</g>");
    }

    /**
     * In a level wrapped into several columns, models that reference earlier levels go to the left
     * and models referenced by later levels to the right, so curves cross fewer boxes.
     */
    private List<String> wrapOrder(List<String> models) {
        Map<String, Integer> score = new HashMap<>();
        for (String model : models) {
            score.put(model, 0);
        }
        references.forEach((child, parents) -> parents.keySet().forEach(parent -> {
            if (child.equals(parent) || !score.containsKey(child) == !score.containsKey(parent)) {
                return;
            }
            if (score.containsKey(child)) {
                score.merge(child, -1, Integer::sum);
            } else {
                score.merge(parent, 1, Integer::sum);
            }
        }));
        List<String> ordered = new java.util.ArrayList<>(models);
        ordered.sort(java.util.Comparator.comparingInt(score::get));
        return ordered;
    }

    private static String stateClass(String state) {
        return switch (state) {
            case "ok", "bad", "warn" -> state;
            default -> "plain";
        };
    }

    /** From the child's left side to the parent's right side; beside the boxes when both share a column. */
    private static String curve(int[] from, int[] to, boolean self) {
        int midFrom = from[1] + BOX_HEIGHT / 2;
        int midTo = to[1] + BOX_HEIGHT / 2;
        if (self) {
            int r = from[0] + BOX_WIDTH;
            return "M" + r + "," + (midFrom - 7) + " C" + (r + 22) + "," + (midFrom - 20) + " " + (r + 22) + ","
                    + (midFrom + 20) + " " + (r + 1) + "," + (midFrom + 7);
        }
        if (to[0] + BOX_WIDTH < from[0]) {
            int x1 = from[0];
            int x2 = to[0] + BOX_WIDTH + 1;
            int dx = Math.max(18, (x1 - x2) / 2);
            return "M" + x1 + "," + midFrom + " C" + (x1 - dx) + "," + midFrom + " " + (x2 + dx) + "," + midTo + " " + x2 + "," + midTo;
        }
        // Same level (a reference cycle) or a wrapped column: loop out on the right.
        int x1 = from[0] + BOX_WIDTH;
        int x2 = to[0] + BOX_WIDTH + 1;
        int bulge = 26 + Math.abs(midTo - midFrom) / 6;
        return "M" + x1 + "," + midFrom + " C" + (Math.max(x1, x2) + bulge) + "," + midFrom + " " + (Math.max(x1, x2) + bulge)
                + "," + midTo + " " + x2 + "," + midTo;
    }

    /** A rough width of text in a sans-serif face: enough to decide whether a name needs squeezing. */
    static double estimate(String text, double size) {
        double em = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            em += Character.isUpperCase(c) ? 0.70 : "ijlt.,:;|!' ".indexOf(c) >= 0 ? 0.32 : "mwMW".indexOf(c) >= 0 ? 0.90 : 0.58;
        }
        return em * size;
    }

    /** Names a little too long are squeezed to the box; much longer ones are cut by {@link #shorten}. */
    private static String fit(String text, int available, double size) {
        double width = estimate(text, size);
        if (width <= available || width > available * 1.3) {
            return "";
        }
        return " textLength=\"" + available + "\" lengthAdjust=\"spacingAndGlyphs\"";
    }

    /** Cuts text with an ellipsis when it is more than {@code slack} times too wide for the space. */
    static String shorten(String text, int available, double size, double slack) {
        if (estimate(text, size) <= available * slack) {
            return text;
        }
        String cut = text;
        while (cut.length() > 1 && estimate(cut + "…", size) > available) {
            cut = cut.substring(0, cut.length() - 1);
        }
        return cut + "…";
    }
}

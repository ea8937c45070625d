package io.deepunlearn.deploy;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the series selectors of a PromQL expression (metric name plus the label names it matches on) with a small
 * lexer: enough to check names against the contract, not a full parser. promtool and the real Prometheus in
 * {@link DashboardDataPathTest} check the syntax.
 */
final class PromQl {

    /** A vector selector such as {@code rate(x_total{status="ok"}[5m])} yields x_total with labels [status]. */
    record Selector(String metric, Set<String> labels) {}

    private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right",
            "bool", "and", "or", "unless", "offset", "atan2", "inf", "nan", "sum", "min", "max", "avg", "group", "stddev",
            "stdvar", "count", "count_values", "bottomk", "topk", "quantile", "limitk", "limit_ratio");
    private static final Set<String> LABEL_LIST_KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right");
    private static final Pattern GRAFANA_INTERVALS = Pattern.compile("\\$__(rate_interval|interval|range)\\b|\\$\\{__(rate_interval|interval|range)}");
    private static final Pattern LABEL_MATCHER = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)");

    private PromQl() {}

    /** Replaces Grafana's interval macros by a literal duration so that Prometheus can evaluate the query. */
    static String withGrafanaMacros(String expr, String duration) {
        return GRAFANA_INTERVALS.matcher(expr).replaceAll(duration);
    }

    static List<Selector> selectors(String expression) {
        String expr = withGrafanaMacros(expression, "5m");
        List<Selector> found = new ArrayList<>();
        int i = 0;
        int n = expr.length();
        while (i < n) {
            char c = expr.charAt(i);
            if (c == '"' || c == '\'' || c == '`') {
                i = skipString(expr, i);
            } else if (c == '[') {
                i = expr.indexOf(']', i) + 1;
            } else if (c == '{') {
                int end = closing(expr, i);
                found.add(new Selector("", labels(expr.substring(i + 1, end))));
                i = end + 1;
            } else if (Character.isDigit(c) || (c == '.' && i + 1 < n && Character.isDigit(expr.charAt(i + 1)))) {
                while (i < n && (Character.isLetterOrDigit(expr.charAt(i)) || expr.charAt(i) == '.' || expr.charAt(i) == '_')) {
                    i++;
                }
            } else if (Character.isLetter(c) || c == '_' || c == ':') {
                int start = i;
                while (i < n && (Character.isLetterOrDigit(expr.charAt(i)) || expr.charAt(i) == '_' || expr.charAt(i) == ':')) {
                    i++;
                }
                String word = expr.substring(start, i);
                int next = skipSpaces(expr, i);
                if (LABEL_LIST_KEYWORDS.contains(word)) {
                    i = next < n && expr.charAt(next) == '(' ? closing(expr, next) + 1 : i;
                } else if (KEYWORDS.contains(word) || (next < n && expr.charAt(next) == '(')) {
                    continue; // operator or function call
                } else if (next < n && expr.charAt(next) == '{') {
                    int end = closing(expr, next);
                    found.add(new Selector(word, labels(expr.substring(next + 1, end))));
                    i = end + 1;
                } else {
                    found.add(new Selector(word, Set.of()));
                }
            } else {
                i++;
            }
        }
        return found;
    }

    private static Set<String> labels(String matchers) {
        Set<String> names = new LinkedHashSet<>();
        Matcher m = LABEL_MATCHER.matcher(stripStrings(matchers));
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private static String stripStrings(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); ) {
            char c = text.charAt(i);
            if (c == '"' || c == '\'' || c == '`') {
                i = skipString(text, i);
                out.append("\"\"");
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static int skipString(String text, int start) {
        char quote = text.charAt(start);
        int i = start + 1;
        while (i < text.length() && text.charAt(i) != quote) {
            i += text.charAt(i) == '\\' && quote != '`' ? 2 : 1;
        }
        return i + 1;
    }

    private static int skipSpaces(String text, int i) {
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i;
    }

    /** Index of the bracket closing the one at {@code open}, skipping strings. */
    private static int closing(String text, int open) {
        char o = text.charAt(open);
        char c = o == '(' ? ')' : o == '{' ? '}' : ']';
        int depth = 0;
        for (int i = open; i < text.length(); ) {
            char ch = text.charAt(i);
            if (ch == '"' || ch == '\'' || ch == '`') {
                i = skipString(text, i);
                continue;
            }
            if (ch == o) {
                depth++;
            } else if (ch == c && --depth == 0) {
                return i;
            }
            i++;
        }
        throw new IllegalArgumentException("unbalanced '" + o + "' in: " + text);
    }
}

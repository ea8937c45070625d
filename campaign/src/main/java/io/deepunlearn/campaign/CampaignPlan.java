package io.deepunlearn.campaign;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What a campaign runs, written once to the store by whoever starts it and read by every worker: the kind (bench,
 * tune, ulira), the kind's resolved settings ({@code spec}), their fingerprint and the cells in their fixed order.
 * Two starts of the same name must agree on the fingerprint, so a name never mixes two campaigns.
 */
public record CampaignPlan(int schemaVersion, String name, String kind, String fingerprint, JsonNode spec,
                           List<Cell> cells) {

    public static final int SCHEMA_VERSION = 1;
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");

    public CampaignPlan {
        requireName(name);
        if (schemaVersion != SCHEMA_VERSION) {
            throw new IllegalArgumentException("campaign plan schema " + schemaVersion + " is not supported (this "
                    + "build reads " + SCHEMA_VERSION + ")");
        }
        if (cells == null || cells.isEmpty()) {
            throw new IllegalArgumentException("campaign " + name + " has no cells");
        }
        Map<String, Cell> byId = cells.stream().collect(Collectors.toMap(Cell::id, Function.identity(), (a, b) -> {
            throw new IllegalArgumentException("campaign " + name + ": cell " + a.id() + " appears twice");
        }));
        for (Cell c : cells) {
            for (String dep : c.after()) {
                if (!byId.containsKey(dep)) {
                    throw new IllegalArgumentException("campaign " + name + ": cell " + c.id() + " waits for "
                            + "unknown cell " + dep);
                }
            }
        }
        cells = List.copyOf(cells);
    }

    public static String requireName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid campaign name '" + name
                    + "': use 1-63 characters of a-z, 0-9, '.', '_' or '-', starting with a letter or digit");
        }
        return name;
    }
}

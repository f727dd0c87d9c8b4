package dev.dmig.identity;

import java.util.Map;

/** One user of a user pool as ListUsers gives them: username, sub, and the attributes they have. */
public record PoolUser(String username, String sub, Map<String, String> attributes) {
    public PoolUser {
        attributes = Map.copyOf(attributes);
    }

    /** The value of the attribute {@code name} ({@code username} is the username); null when the user has none. */
    public String attribute(String name) {
        return name.equals("username") ? username : attributes.get(name);
    }
}

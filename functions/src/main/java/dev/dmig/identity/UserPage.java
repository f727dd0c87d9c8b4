package dev.dmig.identity;

import java.util.List;

/** One page of a user pool's users, and the token of the page after it (null after the last). */
record UserPage(List<PoolUser> users, String next) {
    public UserPage {
        users = List.copyOf(users);
    }
}

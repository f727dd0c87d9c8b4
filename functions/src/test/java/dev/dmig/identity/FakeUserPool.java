package dev.dmig.identity;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * A user pool of a test's own making that pages its users as Cognito does, in pages of any size, each naming the next
 * by an opaque token; it counts the pages asked for (one request each) and calls {@code onPage} before answering each.
 * It stands in for Cognito's paging, which cognito-local does not do (it returns every user at once).
 */
final class FakeUserPool implements UserPool {
    private final String id;
    private final List<PoolUser> users;
    private final int pageSize;
    private final Runnable onPage;
    final List<String> requested = new ArrayList<>();

    FakeUserPool(String id, List<PoolUser> users, int pageSize, Runnable onPage) {
        this.id = id;
        this.users = List.copyOf(users);
        this.pageSize = pageSize;
        this.onPage = onPage;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Iterator<UserPage> pages(String token) {
        return new Iterator<>() {
            private String next = token;
            private boolean started;

            @Override
            public boolean hasNext() {
                return !started || next != null;
            }

            @Override
            public UserPage next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                started = true;
                requested.add(next);
                onPage.run();
                int from = next == null ? 0 : Integer.parseInt(next.substring("page-".length()));
                int to = Math.min(users.size(), from + pageSize);
                next = to < users.size() ? "page-" + to : null;
                return new UserPage(users.subList(from, to), next);
            }
        };
    }
}

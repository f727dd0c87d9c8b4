package dev.dmig.executor;

import java.util.Map;

/** The states of one scope: the whole machine, or one Map's item processor. */
record StateGraph(String startAt, Map<String, State> states) {

    State state(String name) {
        State state = states.get(name);
        if (state == null) {
            throw new IllegalStateException("no state '" + name + "': the parser checks every transition");
        }
        return state;
    }
}

package dev.dmig.identity;

import com.fasterxml.jackson.annotation.JsonAlias;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * How a run's identity map was built from the two environments' user pools: the attribute users were paired by, each
 * pool's users, the ListUsers requests made, the pairs the pools gave and those a given file gave, and the source users
 * left without a pair (a few, with why), each named by username, or, for a username that is an email or phone number,
 * by its masked form and their sub ({@link Usernames#label}): never by their email or other attributes; and the source
 * users paired again with users the run itself put in the target's pool ({@code pairedAgain}; stored by earlier versions
 * as {@code pairedMasked}).
 */
public record PoolPairing(String matchBy, String sourcePool, int sourceUsers, String targetPool, int targetUsers, long requests,
                          int pairedByPools, String csv, int pairedByCsv, int unpaired, List<Unpaired> unpairedExamples,
                          @JsonAlias("pairedMasked") int pairedAgain) {
    /** Source users listed by name when some are left without a pair. */
    public static final int EXAMPLES = 10;

    /**
     * This pairing, source users paired again with users the run put in the target's pool: {@code again} of them
     * ({@code before}: the pairs as they were), no longer counted among those paired otherwise or left without a pair;
     * those still without one counted, and named nowhere (a run whose users stand in for the source's shows none of them).
     */
    PoolPairing withPairedAgain(List<IdentityPair> before, List<IdentityPair> again) {
        Set<String> sources = new HashSet<>();
        again.forEach(pair -> sources.add(pair.sourceSub()));
        long wasPaired = before.stream().filter(pair -> sources.contains(pair.sourceSub())).count();
        int stillUnpaired = Math.max(0, unpaired - (int) (again.size() - wasPaired));
        // Those paired again are no longer counted as the pools or the file paired them (the pools' first: a pair does not
        // say which gave it), so that the line's counts add up to the users it speaks of.
        int byPools = Math.max(0, pairedByPools - (int) wasPaired);
        int byCsv = Math.max(0, pairedByCsv - Math.max(0, (int) wasPaired - pairedByPools));
        // Such a run names no source user: those left without a pair (no record names them) are counted, not named.
        return new PoolPairing(matchBy, sourcePool, sourceUsers, targetPool, targetUsers, requests, byPools, csv, byCsv,
                stillUnpaired, List.of(), again.size());
    }

    /** A source user left without a pair ({@code username}: as {@link Usernames#label} names them), and why. */
    public record Unpaired(String username, String reason) {}

    /**
     * One line for people: {@code 11 of 12 users of pool eu-west-1_AbC paired by email with 13 of pool eu-west-1_XyZ
     * (1 not paired: carol, no user of the target pool has this email)}.
     */
    public String describe() {
        StringBuilder text = new StringBuilder();
        text.append(pairedByPools).append(" of ").append(count(sourceUsers, "user")).append(" of pool ").append(sourcePool)
                .append(" paired by ").append(matchBy).append(" with ").append(count(targetUsers, "user")).append(" of pool ")
                .append(targetPool);
        if (csv != null) {
            text.append(", ").append(pairedByCsv).append(" by ").append(csv);
        }
        if (pairedAgain > 0) {
            text.append(", ").append(pairedAgain).append(" put in it by the run");
        }
        if (unpaired > 0 && unpairedExamples.isEmpty()) {
            text.append(" (").append(unpaired).append(" not paired)");
        } else if (unpaired > 0) {
            text.append(" (").append(unpaired).append(" not paired: ");
            List<Unpaired> shown = unpairedExamples.subList(0, Math.min(3, unpairedExamples.size()));
            for (int i = 0; i < shown.size(); i++) {
                text.append(i == 0 ? "" : "; ").append(shown.get(i).username()).append(", ").append(shown.get(i).reason());
            }
            text.append(unpaired > shown.size() ? "; …)" : ")");
        }
        return text.toString();
    }

    private static String count(long n, String noun) {
        return String.format(Locale.ROOT, "%,d", n) + " " + noun + (n == 1 ? "" : "s");
    }
}

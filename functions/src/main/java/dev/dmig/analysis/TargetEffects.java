package dev.dmig.analysis;

import dev.dmig.plan.TablePair;
import dev.dmig.store.ItemStore;
import dev.dmig.store.Reads;
import dev.dmig.store.TableInfo;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What writing to a target table sets off besides storing items: a stream hands every write and
 * every rollback delete to its consumers (Lambda triggers, Amplify {@code @searchable}), time
 * to live deletes soon after it is written an item whose TTL attribute is already in the past, and an
 * on-demand table serves only its warm throughput until it has scaled up.
 */
public final class TargetEffects {
    /** A table whose writes at the warm throughput would take less than this is not worth warning about. */
    static final long WARM_UP_WORTH_SECONDS = 60;
    /** DynamoDB's TTL leaves alone items whose expiry lies more than five years in the past. */
    private static final Duration OLDEST_DELETED = Duration.ofDays(5 * 365);
    /** What an account without the permission, or a DynamoDB without TTL, answers: the run goes on with a warning. */
    private static final Set<String> UNREADABLE = Set.of("AccessDeniedException", "UnknownOperationException");

    private TargetEffects() {}

    /**
     * Per model whose target table has TTL on, or whose TTL setting cannot be read: what is known of it (public: a
     * feature's check tells a record past its time to live by it).
     */
    public static Map<String, TimeToLiveAnalysis> timeToLive(ItemStore items, Map<String, TablePair> pairs) {
        List<TablePair> tables = new ArrayList<>(pairs.values());
        // One DescribeTimeToLive per target table, several at once.
        List<Optional<TimeToLiveAnalysis>> read = Reads.all(tables, pair -> {
            try {
                return items.timeToLiveAttribute(pair.target().name()).map(attribute -> new TimeToLiveAnalysis(attribute, 0, List.of(), null));
            } catch (AwsServiceException e) {
                String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
                if (!UNREADABLE.contains(code)) {
                    throw e;
                }
                return Optional.of(new TimeToLiveAnalysis(null, 0, List.of(), code));
            }
        });
        Map<String, TimeToLiveAnalysis> found = new LinkedHashMap<>();
        for (int i = 0; i < tables.size(); i++) {
            TablePair pair = tables.get(i);
            read.get(i).ifPresent(ttl -> found.put(pair.model(), ttl));
        }
        return found;
    }

    /** Whether TTL would delete an item with this value of its TTL attribute as soon as it is written at {@code now}. */
    static boolean expired(AttributeValue value, Instant now) {
        if (value == null || value.n() == null) {
            return false;
        }
        BigDecimal seconds = new BigDecimal(value.n());
        return seconds.compareTo(BigDecimal.valueOf(now.getEpochSecond())) < 0
                && seconds.compareTo(BigDecimal.valueOf(now.minus(OLDEST_DELETED).getEpochSecond())) >= 0;
    }

    /** One line per effect on the table's target, naming the table and what to expect; none when it has neither. */
    static List<String> warnings(TableAnalysis table) {
        List<String> warnings = new ArrayList<>();
        String target = "table " + table.model() + ": target table " + table.targetTable();
        if (table.targetStream() != null) {
            warnings.add(target + " has a DynamoDB stream (" + table.targetStream() + "): every item this run writes, and every"
                    + " delete of a rollback, reaches its consumers (Lambda triggers and functions, Amplify @searchable)");
        }
        TimeToLiveAnalysis ttl = table.timeToLive();
        if (ttl != null && ttl.unreadable() != null) {
            String hint = ttl.unreadable().equals("AccessDeniedException") ? ": dmig needs dynamodb:DescribeTimeToLive" : "";
            warnings.add(target + ": its time-to-live setting could not be read (" + ttl.unreadable() + hint + "); if TTL is on,"
                    + " items whose TTL attribute is already in the past are deleted soon after they are copied");
        } else if (ttl != null) {
            long expired = ttl.expiredItems();
            warnings.add(target + " deletes items by time to live on attribute " + ttl.attribute() + "; "
                    + (expired == 0 ? "no source item has " + ttl.attribute() + " already in the past"
                    : expired + (expired == 1 ? " source item has " : " source items have ") + ttl.attribute()
                    + " already in the past and will be deleted by TTL soon after " + (expired == 1 ? "it is" : "they are")
                    + " copied (e.g. " + String.join("; ", ttl.expiredExamples()) + ")"));
        }
        return warnings;
    }

    /**
     * A warning when an on-demand target table would be asked for more than its warm throughput (the write units per
     * second it serves before scaling up) for longer than {@link #WARM_UP_WORTH_SECONDS}: DynamoDB throttles the run,
     * which slows down rather than fails, until the table has scaled, over minutes to hours. None when the warm
     * throughput is not known (DynamoDB Local), the table is provisioned, or the demand fits.
     */
    static Optional<String> warmThroughput(TableAnalysis table, TableInfo.WriteCapacity capacity, double demandUnitsPerSecond) {
        long warm = capacity.warmUnits();
        long demand = (long) Math.ceil(demandUnitsPerSecond);
        if (!capacity.onDemand() || warm <= 0 || demand <= warm || WriteConcurrency.writeUnits(table) <= warm * WARM_UP_WORTH_SECONDS) {
            return Optional.empty();
        }
        return Optional.of("table " + table.model() + ": target table " + table.targetTable() + " is on demand and serves about "
                + warm + " write units/s before it scales up (its warm throughput); this run would write up to " + demand
                + " units/s, so it is throttled and slows down (it does not fail) until the table has scaled, which takes minutes"
                + " to hours; to write at full speed from the start, raise it before the run: aws dynamodb update-table"
                + " --table-name " + table.targetTable() + " --warm-throughput WriteUnitsPerSecond=" + demand);
    }
}

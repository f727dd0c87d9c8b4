package dev.dmig.store;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * What dmig needs to know about a table: its key schema, index names, DynamoDB's (approximate,
 * six-hourly) item count and size, the view type of its stream ({@code NEW_AND_OLD_IMAGES}
 * and so on; null when the table has no stream enabled) and its write capacity (null when unknown).
 */
public record TableInfo(String name, KeyAttribute hashKey, KeyAttribute rangeKey, List<String> indexes,
                        long approximateItemCount, long approximateSizeBytes, String streamViewType,
                        WriteCapacity writeCapacity) {

    /**
     * The write units per second the table and each of its global secondary indexes accept: provisioned
     * WCU, or, on demand, the maximum set with {@code OnDemandThroughput} (0 when none is set: the
     * account's table-level quota then applies). A write to the table also writes every index that
     * projects the item, so the smallest of them bounds the table's write rate. {@code warmUnits}: the write units
     * per second an on-demand table serves at once, before it scales up (its warm throughput: about 4,000 for a
     * new table); 0 when not known.
     */
    public record WriteCapacity(boolean onDemand, long tableUnits, List<Long> indexUnits, long warmUnits) {
        public WriteCapacity {
            indexUnits = List.copyOf(indexUnits);
        }

        public WriteCapacity(boolean onDemand, long tableUnits, List<Long> indexUnits) {
            this(onDemand, tableUnits, indexUnits, 0);
        }
    }

    /** One key attribute: its name and scalar type (S, N or B). */
    public record KeyAttribute(String name, ScalarAttributeType type) {
        @Override
        public String toString() {
            return name + " (" + type + ")";
        }
    }

    public TableInfo {
        indexes = List.copyOf(indexes);
    }

    /** A table whose write capacity is not known. */
    public TableInfo(String name, KeyAttribute hashKey, KeyAttribute rangeKey, List<String> indexes,
                     long approximateItemCount, long approximateSizeBytes, String streamViewType) {
        this(name, hashKey, rangeKey, indexes, approximateItemCount, approximateSizeBytes, streamViewType, null);
    }

    /** A table without a stream. */
    public TableInfo(String name, KeyAttribute hashKey, KeyAttribute rangeKey, List<String> indexes,
                     long approximateItemCount, long approximateSizeBytes) {
        this(name, hashKey, rangeKey, indexes, approximateItemCount, approximateSizeBytes, null, null);
    }

    public Optional<KeyAttribute> range() {
        return Optional.ofNullable(rangeKey);
    }

    public List<String> keyNames() {
        List<String> names = new ArrayList<>(2);
        names.add(hashKey.name());
        if (rangeKey != null) {
            names.add(rangeKey.name());
        }
        return names;
    }

    /** The item's primary key, in key-schema order; null when the item lacks a key attribute. */
    public Map<String, AttributeValue> keyOf(Map<String, AttributeValue> item) {
        Map<String, AttributeValue> key = new LinkedHashMap<>(2);
        for (String name : keyNames()) {
            AttributeValue value = item.get(name);
            if (value == null) {
                return null;
            }
            key.put(name, value);
        }
        return key;
    }

    /** Same key attributes with the same types: what makes a source and a target table interchangeable. */
    public boolean sameKeySchema(TableInfo other) {
        return hashKey.equals(other.hashKey) && java.util.Objects.equals(rangeKey, other.rangeKey);
    }

    public String describeKeySchema() {
        return rangeKey == null ? "hash " + hashKey : "hash " + hashKey + ", range " + rangeKey;
    }
}

package dev.dmig.migrate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmig.store.DynamoJson;
import java.util.Map;
import java.util.function.BinaryOperator;
import java.util.function.Predicate;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What a run does at the target key of one source item ({@link ItemTransformer#writeAt}): writes the mapped item there
 * (the default, {@code onConflict} deciding for a key taken), leaves the target's record there as it is, writes over
 * that record (the item written built from its pre-image, journaled first), or copies nothing, for a reason. The table's
 * {@link WriteRule}s decide it.
 */
public final class WriteAt {
    /** The mapped item is written at its key. */
    public static final WriteAt WRITE = new WriteAt(null, false, null, null, null);

    private final LeftBehind.Reason notCopied;
    private final boolean keeps;
    /** The item written over the target's record, from its pre-image and the mapped item; null when none is written over. */
    private final BinaryOperator<Map<String, AttributeValue>> over;
    /** Whether the record found at the key is still one to write over; null when none is written over. */
    private final Predicate<Map<String, AttributeValue>> live;
    /** What the item is paired with the target's record by, where it is kept or written over; null otherwise. */
    private final Pairing pairing;

    /**
     * What an item kept at, or written over, the target's record is paired with it by, as a preview says it: the
     * attributes ({@code username}) and what is done with the pair ({@code keep}, {@code update}).
     */
    public record Pairing(String on, String policy) {}

    private WriteAt(LeftBehind.Reason notCopied, boolean keeps, BinaryOperator<Map<String, AttributeValue>> over,
                    Predicate<Map<String, AttributeValue>> live, Pairing pairing) {
        this.notCopied = notCopied;
        this.keeps = keeps;
        this.over = over;
        this.live = live;
        this.pairing = pairing;
    }

    /** The record the target holds at the key, paired with the item by {@code pairing}, left as it is: nothing is written there. */
    public static WriteAt keep(Pairing pairing) {
        return new WriteAt(null, true, null, null, pairing);
    }

    /**
     * The target's record at the key, paired with the item by {@code pairing}, written over: {@code written} builds the
     * item from its pre-image and the mapped item; {@code live} says whether the record the page finds there is still the
     * one to write over (production may have deleted it since the analysis).
     */
    public static WriteAt over(BinaryOperator<Map<String, AttributeValue>> written, Predicate<Map<String, AttributeValue>> live,
                               Pairing pairing) {
        return new WriteAt(null, false, written, live, pairing);
    }

    /** The source item not copied, for {@code why}: no write, at any key. */
    public static WriteAt notCopied(LeftBehind.Reason why) {
        return new WriteAt(why, false, null, null, null);
    }

    /** What the item is paired with the target's record by, where it is kept or written over; null otherwise. */
    public Pairing pairing() {
        return pairing;
    }

    /** Whether the item is copied at all. */
    public boolean copies() {
        return notCopied == null;
    }

    /** Why the item is not copied; null when it is. */
    public LeftBehind.Reason notCopied() {
        return notCopied;
    }

    /** Whether the target's record at the key is left as it is. */
    public boolean keeps() {
        return keeps;
    }

    /** Whether the target's record at the key is written over, built from its pre-image. */
    public boolean writesOver() {
        return over != null;
    }

    /**
     * Whether this writes over the target's record and {@code found}, what the page read at the key (null: nothing), is
     * no longer one to write over: production deleted the record since the analysis paired it, or soft-deleted it. Written
     * over, it would live again with the mapped record's values, so the run leaves the key as production left it.
     */
    public boolean goneSince(Map<String, AttributeValue> found) {
        return over != null && (found == null || !live.test(found));
    }

    /** Whether the record the target holds at the key is this item's on purpose (kept or written over): not a conflict. */
    public boolean onPurpose() {
        return keeps || over != null;
    }

    /**
     * The item written at the key: {@code mapped}, or, where this writes over the target's record and there was one
     * ({@code preImage}, as the run found it; null when none), the item built from both.
     */
    public Map<String, AttributeValue> written(Map<String, AttributeValue> preImage, Map<String, AttributeValue> mapped) {
        return over == null || preImage == null ? mapped : over.apply(preImage, mapped);
    }

    /** {@link #written(Map, Map)} with the pre-image as the journal holds it (DynamoDB JSON; null or JSON null when none). */
    public Map<String, AttributeValue> written(JsonNode preImage, Map<String, AttributeValue> mapped) {
        return preImage == null || preImage.isNull() ? mapped : written(DynamoJson.item(preImage), mapped);
    }
}

package dev.dmig.migrate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmig.store.DynamoJson;
import java.util.Map;
import java.util.function.BinaryOperator;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What a run does at the target key of one source item ({@link ItemTransformer#writeAt}): writes the mapped item there
 * (the default, {@code onConflict} deciding for a key taken), leaves the target's record there as it is, writes over
 * that record (the item written built from its pre-image, journaled first), or copies nothing, for a reason. The table's
 * {@link WriteRule}s decide it.
 */
public final class WriteAt {
    /** The mapped item is written at its key. */
    public static final WriteAt WRITE = new WriteAt(null, false, null);
    /** The record the target holds at the key is left as it is: nothing is written there. */
    static final WriteAt KEEP = new WriteAt(null, true, null);

    private final LeftBehind.Reason notCopied;
    private final boolean keeps;
    /** The item written over the target's record, from its pre-image and the mapped item; null when none is written over. */
    private final BinaryOperator<Map<String, AttributeValue>> over;

    private WriteAt(LeftBehind.Reason notCopied, boolean keeps, BinaryOperator<Map<String, AttributeValue>> over) {
        this.notCopied = notCopied;
        this.keeps = keeps;
        this.over = over;
    }

    /** The target's record at the key written over: {@code written} builds the item from its pre-image and the mapped item. */
    static WriteAt over(BinaryOperator<Map<String, AttributeValue>> written) {
        return new WriteAt(null, false, written);
    }

    /** The source item not copied, for {@code why}: no write, at any key. */
    static WriteAt notCopied(LeftBehind.Reason why) {
        return new WriteAt(why, false, null);
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

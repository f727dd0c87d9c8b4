package dev.dmig.store;

import static dev.dmig.store.Items.b;
import static dev.dmig.store.Items.bool;
import static dev.dmig.store.Items.bs;
import static dev.dmig.store.Items.item;
import static dev.dmig.store.Items.l;
import static dev.dmig.store.Items.m;
import static dev.dmig.store.Items.n;
import static dev.dmig.store.Items.ns;
import static dev.dmig.store.Items.nul;
import static dev.dmig.store.Items.s;
import static dev.dmig.store.Items.ss;
import static dev.dmig.store.Items.with;
import static dev.dmig.store.Items.without;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class ContentDigestTest {
    private static final Map<String, AttributeValue> ITEM = item(
            "id", s("c1"), "name", s("Ann"), "age", n("42"), "bin", b(1, 2), "tags", ss("a", "b", "c"),
            "scores", ns("1", "2.5"), "blobs", bs(new byte[] {1}, new byte[] {2}),
            "address", m("street", s("Main"), "no", n("1"), "geo", m("lat", n("1.5"), "lng", n("2.5"))),
            "list", l(s("x"), n("1"), nul(), bool(true)), "ok", bool(true), "none", nul());

    private static ContentDigest digestOf(List<Map<String, AttributeValue>> items) {
        ContentDigest digest = new ContentDigest();
        items.forEach(digest::add);
        return digest;
    }

    @Test
    void setElementOrder_andMapEntryOrder_doNotMatter() {
        Map<String, AttributeValue> reordered = item(
                "none", nul(), "ok", bool(true), "list", l(s("x"), n("1"), nul(), bool(true)),
                "address", m("geo", m("lng", n("2.5"), "lat", n("1.5")), "no", n("1"), "street", s("Main")),
                "blobs", bs(new byte[] {2}, new byte[] {1}), "scores", ns("2.5", "1"), "tags", ss("c", "a", "b"),
                "bin", b(1, 2), "age", n("42"), "name", s("Ann"), "id", s("c1"));
        assertThat(ContentDigest.same(ITEM, reordered)).isTrue();
        assertThat(ContentDigest.itemHash(ITEM)).isEqualTo(ContentDigest.itemHash(reordered)).startsWith("m3:").hasSize(35);
    }

    @Test
    void itemOrder_inASet_doesNotMatter() {
        Map<String, AttributeValue> a = item("id", s("a"));
        Map<String, AttributeValue> bItem = item("id", s("b"));
        assertThat(digestOf(List.of(a, bItem, ITEM)).sameAs(digestOf(List.of(ITEM, a, bItem)))).isTrue();
    }

    @Test
    void anyChange_changesTheHash() {
        List<Map<String, AttributeValue>> changed = List.of(
                with(ITEM, "name", s("Anne")),
                with(ITEM, "age", n("43")),
                with(ITEM, "age", s("42")),
                with(ITEM, "bin", b(1, 3)),
                with(ITEM, "bin", s("AQI=")),
                with(ITEM, "tags", ss("a", "b")),
                with(ITEM, "tags", l(s("a"), s("b"), s("c"))),
                with(ITEM, "scores", ss("1", "2.5")),
                with(ITEM, "blobs", bs(new byte[] {1}, new byte[] {3})),
                with(ITEM, "address", m("street", s("Main"), "no", n("1"), "geo", m("lat", n("1.5"), "lng", n("2.6")))),
                with(ITEM, "list", l(n("1"), s("x"), nul(), bool(true))),
                with(ITEM, "list", l(s("x"), n("1"), bool(true))),
                with(ITEM, "ok", bool(false)),
                with(ITEM, "none", s("")),
                with(ITEM, "extra", nul()),
                without(ITEM, "none"),
                renamed(ITEM, "name", "nome"));
        String original = ContentDigest.itemHash(ITEM);
        List<String> hashes = new ArrayList<>();
        for (Map<String, AttributeValue> item : changed) {
            hashes.add(ContentDigest.itemHash(item));
            // Compared without hashing, each answers as its hash does, either way round.
            assertThat(ContentDigest.same(ITEM, item)).as("%s", item).isFalse();
            assertThat(ContentDigest.same(item, ITEM)).as("%s", item).isFalse();
            assertThat(ContentDigest.same(item, new java.util.HashMap<>(item))).as("%s", item).isTrue();
        }
        assertThat(hashes).doesNotContain(original).doesNotHaveDuplicates();
    }

    @Test
    void anItemsHash_takesEachNumberByItsValue_asDynamoDbKeepsIt_soWhatARunWroteIsKnownWhenReadBack() {
        Map<String, AttributeValue> written = item("id", s("c1"), "price", n("1.50"), "big", n("1E+2"), "zero", n("-0.00"),
                "plus", n("+7"), "lead", n("007.250"), "counts", ns("2.0", "1E+1"), "in", m("at", l(n("0.10"))));
        Map<String, AttributeValue> readBack = item("id", s("c1"), "price", n("1.5"), "big", n("100"), "zero", n("0"),
                "plus", n("7"), "lead", n("7.25"), "counts", ns("10", "2"), "in", m("at", l(n("0.1"))));

        assertThat(ContentDigest.itemHash(written)).isEqualTo(ContentDigest.itemHash(readBack));
        assertThat(ContentDigest.itemHash(with(readBack, "price", n("1.51")))).isNotEqualTo(ContentDigest.itemHash(readBack));
        assertThat(ContentDigest.itemHash(with(readBack, "price", s("1.5")))).isNotEqualTo(ContentDigest.itemHash(readBack));
        // Hashes journaled by earlier versions (SHA-256 of the same form) compare with the item as it is read back.
        String earlier = java.util.HexFormat.of().formatHex(ContentDigest.hash(readBack));
        assertThat(ItemHash.of(written).is(earlier)).isTrue();
        assertThat(ItemHash.of(with(readBack, "price", n("1.51"))).is(earlier)).isFalse();
        assertThat(ItemHash.of(written).in(java.util.List.of("", earlier))).isTrue();
        assertThat(ItemHash.of(written).is(ContentDigest.itemHash(readBack))).isTrue();
        assertThat(ItemHash.of(written).is(null)).isFalse();
        assertThat(ContentDigest.numberByValue("0.000001")).isEqualTo("0.000001");
        assertThat(ContentDigest.numberByValue("-1.5E-3")).isEqualTo("-0.0015");
        assertThat(ContentDigest.numberByValue("12345678901234567890123456789012345678"))
                .isEqualTo("12345678901234567890123456789012345678");
    }

    @Test
    void sameContent_isToldWithoutHashing_evenPastTheBuffer_andAfterAComparisonThatFailedHalfWay() {
        String large = "x".repeat(100_000);
        Map<String, AttributeValue> big = item("id", s("big"), "a", s(large), "b", ss("p", "q", large));
        Map<String, AttributeValue> reordered = item("b", ss(large, "q", "p"), "a", s(large), "id", s("big"));
        Map<String, AttributeValue> longer = with(big, "a", s(large + "y"));
        Map<String, AttributeValue> lastByte = with(big, "a", s(large.substring(1) + "y"));
        assertThat(ContentDigest.same(big, reordered)).isTrue();
        assertThat(ContentDigest.same(big, longer)).isFalse();
        assertThat(ContentDigest.same(longer, big)).isFalse();
        assertThat(ContentDigest.same(big, lastByte)).isFalse();
        assertThat(ContentDigest.same(ITEM, big)).isFalse();
        Map<String, AttributeValue> broken = item("a", s("x".repeat(20_000)), "z", AttributeValue.builder().build());
        assertThatThrownBy(() -> ContentDigest.same(ITEM, broken)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown DynamoDB attribute type");
        assertThatThrownBy(() -> ContentDigest.same(broken, ITEM)).isInstanceOf(IllegalArgumentException.class);
        assertThat(ContentDigest.same(ITEM, new java.util.HashMap<>(ITEM))).isTrue();
        assertThat(ContentDigest.same(ITEM, with(ITEM, "name", s("Anne")))).isFalse();
        assertThat(ContentDigest.same(big, reordered)).isTrue();
        // The hashes and the digests on the same thread are as before the comparisons.
        assertThat(ContentDigest.itemHash(big)).isEqualTo(ContentDigest.itemHash(reordered));
        assertThat(new ContentDigest().add(ITEM).sameAs(new ContentDigest().add(new java.util.HashMap<>(ITEM)))).isTrue();
    }

    @Test
    void attributeBoundaries_cannotBeShifted() {
        assertThat(ContentDigest.same(item("ab", s("c")), item("a", s("bc")))).isFalse();
        assertThat(ContentDigest.same(item("a", ss("b,c")), item("a", ss("b", "c")))).isFalse();
        assertThat(ContentDigest.same(item("a", l(l(), s("x"))), item("a", l(l(s("x")))))).isFalse();
    }

    @Test
    void setDigests_changeWhenAnItemChanges_isAddedTwice_orIsMissing() {
        ContentDigest all = digestOf(List.of(ITEM, item("id", s("x"))));
        assertThat(all.sameAs(digestOf(List.of(ITEM, item("id", s("y")))))).isFalse();
        assertThat(all.sameAs(digestOf(List.of(ITEM)))).isFalse();
        assertThat(all.sameAs(digestOf(List.of(ITEM, item("id", s("x")), item("id", s("x")))))).isFalse();
    }

    @Test
    void segmentDigests_addUpToTheWhole_alsoThroughTheirStoredForm_inEitherAlgorithm() {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            items.add(item("id", s("item-" + i), "n", n(Integer.toString(i * 7))));
        }
        for (ContentDigest.Algorithm algorithm : ContentDigest.Algorithm.values()) {
            ContentDigest whole = new ContentDigest(algorithm);
            items.forEach(whole::add);
            ContentDigest sum = new ContentDigest(algorithm);
            for (int segment = 0; segment < 4; segment++) {
                ContentDigest part = new ContentDigest(algorithm);
                for (int i = segment; i < items.size(); i += 4) {
                    part.add(items.get(i));
                }
                sum.add(ContentDigest.of(part.hex(), part.count()));
            }
            assertThat(sum.sameAs(whole)).as("%s", algorithm).isTrue();
            assertThat(sum.hex()).isEqualTo(whole.hex());
            assertThat(sum.count()).isEqualTo(30);
            assertThat(ContentDigest.of(sum.hex(), 30).algorithm()).isEqualTo(algorithm);
        }
    }

    @Test
    void aDigest_isWrittenWithItsAlgorithm_andSha256AsEarlierVersionsWroteIt() {
        assertThat(new ContentDigest(ContentDigest.Algorithm.SHA256).add(ITEM).hex()).isEqualTo(ContentDigest.sha256ItemHash(ITEM));
        assertThat(new ContentDigest().add(ITEM).hex()).matches("m3:[0-9a-f]{32}");
        assertThat(ContentDigest.CURRENT).isEqualTo(ContentDigest.Algorithm.MURMUR3);
    }

    @Test
    void emptyDigest_isZero_andRebuildsFromEmptyText_asSha256() {
        assertThat(new ContentDigest().hex()).isEqualTo("m3:" + "0".repeat(32));
        assertThat(new ContentDigest(ContentDigest.Algorithm.SHA256).hex()).isEqualTo("0".repeat(64));
        assertThat(ContentDigest.of("", 0).algorithm()).isEqualTo(ContentDigest.Algorithm.SHA256);
        assertThat(ContentDigest.of(null, 0, ContentDigest.Algorithm.MURMUR3).algorithm()).isEqualTo(ContentDigest.Algorithm.MURMUR3);
        assertThat(ContentDigest.of("", 0).sameAs(new ContentDigest())).isTrue();
    }

    @Test
    void digestsOfTwoAlgorithms_neverAddUp_norCompareEqual_butAnEmptyOneTakesTheOther() {
        ContentDigest sha = new ContentDigest(ContentDigest.Algorithm.SHA256).add(ITEM);
        ContentDigest murmur = new ContentDigest(ContentDigest.Algorithm.MURMUR3).add(ITEM);
        assertThat(sha.addable(murmur)).isFalse();
        assertThat(sha.sameAs(murmur)).isFalse();
        assertThatThrownBy(() -> sha.add(murmur)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("two versions of dmig");
        ContentDigest empty = new ContentDigest(ContentDigest.Algorithm.SHA256);
        assertThat(empty.addable(murmur)).isTrue();
        assertThat(empty.add(murmur).algorithm()).isEqualTo(ContentDigest.Algorithm.MURMUR3);
        assertThat(empty.sameAs(murmur)).isTrue();
        assertThat(murmur.add(new ContentDigest(ContentDigest.Algorithm.SHA256)).count()).isEqualTo(1);
    }

    @Test
    void anItemLargerThanTheBuffer_hashesTheSameWhateverItsOrder_andTheItemsAfterItAsBefore() {
        String large = "x".repeat(100_000);
        Map<String, AttributeValue> big = item("id", s("big"), "a", s(large), "b", ss("p", "q", large));
        Map<String, AttributeValue> reordered = item("b", ss(large, "q", "p"), "a", s(large), "id", s("big"));
        ContentDigest small = new ContentDigest().add(ITEM);
        assertThat(new ContentDigest().add(big).sameAs(new ContentDigest().add(reordered))).isTrue();
        assertThat(new ContentDigest().add(big).sameAs(new ContentDigest().add(with(big, "a", s(large + "y"))))).isFalse();
        assertThat(new ContentDigest().add(ITEM).sameAs(small)).isTrue();
    }

    @Test
    void sameSumDifferentCount_isNotTheSame() {
        assertThat(ContentDigest.of("00ff", 1).sameAs(ContentDigest.of("00ff", 2))).isFalse();
    }

    private static Map<String, AttributeValue> renamed(Map<String, AttributeValue> item, String from, String to) {
        Map<String, AttributeValue> copy = without(item, from);
        copy.put(to, item.get(from));
        return copy;
    }

    @Test
    void theCanonicalForm_isPinned_soDigestsStoredByEarlierVersionsStillCompare() {
        // Values taken from the first implementation (one digest update per tag, length and encoded string); the
        // items cross its edge cases: non-ASCII and a lone surrogate, strings and bytes larger than the buffer.
        Map<String, AttributeValue> first = item("id", s("c1"), "name", s("Ann \u2713 \ud83d\ude00 \ud800"), "age", n("42"),
                "big", AttributeValue.fromB(software.amazon.awssdk.core.SdkBytes.fromByteArray(new byte[20_000])), "long", s("x".repeat(10_000) + "\u00e9"), "tags", ss("b", "a"),
                "m", m("k", l(nul(), bool(false))));
        Map<String, AttributeValue> second = item("id", s("c2"), "a", s("y".repeat(12_000)), "b", s("z".repeat(20_000)),
                "bs", bs(new byte[] {1, 2}, new byte[] {0}), "ns", ns("10", "9.5"));
        // Journals of earlier versions keep SHA-256 item hashes; those of today MurmurHash3 ones of the same form.
        assertThat(ItemHash.of(first).is("0df3a8aac147593c22ba805bc9f2dc7183705a34be64bec51655eef50e740a71")).isTrue();
        assertThat(ItemHash.of(second).is("218c701e196f978a4c20deeb0257d1fb014b1d9a9bc9717407cd5315b2d97794")).isTrue();
        assertThat(ItemHash.of(second).is("0df3a8aac147593c22ba805bc9f2dc7183705a34be64bec51655eef50e740a71")).isFalse();
        assertThat(ContentDigest.itemHash(first)).isEqualTo("m3:3dbf9145a2239a3486f79acbb8d67b11");
        assertThat(ContentDigest.itemHash(second)).isEqualTo("m3:54ca15810f5201f33290adc66d4a0ab4");
    }

    /** An item of many kinds of value, different for each {@code i}. */
    private static Map<String, AttributeValue> numbered(int i) {
        return item("id", s("item-" + i), "n", n(Integer.toString(i * 7)), "tags", ss("t" + (i % 5), "u" + (i % 3)),
                "nested", m("k", s("v\u00e9" + i), "l", l(bool(i % 2 == 0))));
    }

    @Test
    void theSumsOfManyItems_wrapAroundTheirModulus_asEarlierVersionsSummedThem() {
        // Values taken from the version that summed with BigInteger modulo 2^bits: 2,000 hashes wrap the sum many times and
        // carry from the low word to the high one about every other item, whole and in three parts added up.
        Map<ContentDigest.Algorithm, String> pinned = Map.of(
                ContentDigest.Algorithm.SHA256, "6745faf6be26520a288fb3db8e45dc5614d38591e65bb5111cd8813a460f73ba",
                ContentDigest.Algorithm.MURMUR3, "m3:658037441f605384b9db3239ba86e213");
        for (ContentDigest.Algorithm algorithm : ContentDigest.Algorithm.values()) {
            ContentDigest whole = new ContentDigest(algorithm);
            ContentDigest parts = new ContentDigest(algorithm);
            for (int part = 0; part < 3; part++) {
                ContentDigest one = new ContentDigest(algorithm);
                for (int i = part; i < 2000; i += 3) {
                    one.add(numbered(i));
                }
                parts.add(ContentDigest.of(one.hex(), one.count()));
            }
            for (int i = 0; i < 2000; i++) {
                whole.add(numbered(i));
            }
            assertThat(whole.hex()).as("%s", algorithm).isEqualTo(pinned.get(algorithm));
            assertThat(parts.hex()).as("%s", algorithm).isEqualTo(pinned.get(algorithm));
            assertThat(ContentDigest.of(whole.hex(), 2000).sameAs(whole)).isTrue();
        }
    }

    @Test
    void aHashThatFailedHalfWay_leavesNothingBehindForTheNextOnTheSameThread() throws Exception {
        String expected = java.util.concurrent.CompletableFuture.supplyAsync(() -> ContentDigest.itemHash(ITEM)).get();
        // Past the buffer (flushed into the digest), then a value of no known type.
        Map<String, AttributeValue> broken = item("a", s("x".repeat(20_000)), "z", AttributeValue.builder().build());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ContentDigest.hash(broken))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown DynamoDB attribute type");
        assertThat(ContentDigest.itemHash(ITEM)).isEqualTo(expected);
    }

    /** Items of every kind of value, one past the canonical buffer, and an empty one. */
    private static List<Map<String, AttributeValue>> sizedItems() {
        return List.of(ITEM, ItemSizeTest.everyKind(), item("big", s("x".repeat(40_000)), "n", ns("12", "-3.5e7")), item());
    }

    @Test
    void aDigest_givesEachItemsSize_asItemSizeCountsIt_inEitherAlgorithm() {
        assertThat(new ContentDigest().addSized(ItemSizeTest.everyKind())).isEqualTo(151);
        for (ContentDigest.Algorithm algorithm : ContentDigest.Algorithm.values()) {
            ContentDigest sized = new ContentDigest(algorithm);
            ContentDigest formed = new ContentDigest(algorithm);
            ContentDigest added = new ContentDigest(algorithm);
            for (Map<String, AttributeValue> item : sizedItems()) {
                assertThat(sized.addSized(item)).as(algorithm + " " + item.keySet()).isEqualTo(ItemSize.of(item));
                ContentDigest.Form form = formed.form(item);
                assertThat(form.size()).isEqualTo(ItemSize.of(item));
                formed.add(form);
                added.add(item);
            }
            assertThat(sized.hex()).isEqualTo(added.hex());
            assertThat(formed.hex()).isEqualTo(added.hex());
            assertThat(sized.count()).isEqualTo(formed.count()).isEqualTo(added.count()).isEqualTo(4);
        }
    }

    @Test
    void aFormOfOneAlgorithm_isNotAddedToADigestOfTheOther() {
        ContentDigest.Form form = new ContentDigest(ContentDigest.Algorithm.SHA256).form(ITEM);
        assertThatThrownBy(() -> new ContentDigest(ContentDigest.Algorithm.MURMUR3).add(form))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void addCompared_addsAndComparesAsTheThreeStepsDid_whetherTheItemsAreTheSameOrNot() {
        Map<String, AttributeValue> reordered = new java.util.LinkedHashMap<>();
        List<String> names = new ArrayList<>(ITEM.keySet());
        java.util.Collections.reverse(names);
        names.forEach(name -> reordered.put(name, ITEM.get(name)));
        Map<String, AttributeValue> big = item("big", s("x".repeat(40_000)));
        List<List<Map<String, AttributeValue>>> pairs = List.of(List.of(ITEM, reordered), List.of(ITEM, with(ITEM, "name", s("Anne"))),
                List.of(big, big), List.of(big, ITEM), List.of(ItemSizeTest.everyKind(), ItemSizeTest.everyKind()));
        for (ContentDigest.Algorithm algorithm : ContentDigest.Algorithm.values()) {
            ContentDigest want = new ContentDigest(algorithm);
            ContentDigest got = new ContentDigest(algorithm);
            ContentDigest wantApart = new ContentDigest(algorithm);
            ContentDigest gotApart = new ContentDigest(algorithm);
            List<Boolean> verdicts = new ArrayList<>();
            for (List<Map<String, AttributeValue>> pair : pairs) {
                verdicts.add(ContentDigest.addCompared(want, pair.get(0), got, pair.get(1)));
                wantApart.add(pair.get(0));
                gotApart.add(pair.get(1));
            }
            assertThat(verdicts).as(algorithm.name()).containsExactly(true, false, true, false, true);
            assertThat(want.hex()).isEqualTo(wantApart.hex());
            assertThat(got.hex()).isEqualTo(gotApart.hex());
            assertThat(got.count()).isEqualTo(want.count()).isEqualTo(5);
        }
    }
}

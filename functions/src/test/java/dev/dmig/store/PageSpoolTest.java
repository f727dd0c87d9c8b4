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
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** What the analysis keeps of the pages it read, and what the copy is given of them: each page once, under its very scan. */
class PageSpoolTest {
    private static final Map<String, AttributeValue> AFTER_A = item("id", s("a"));

    private static PageSpool.Read read(Map<String, AttributeValue> from) {
        return new PageSpool.Read("T-dev", 1, 4, from, 500);
    }

    private static ScanPage page(String id) {
        return new ScanPage(List.of(item("id", s(id))), item("id", s(id)));
    }

    @Test
    void aKeptPage_isGivenOnce_underTheScanThatReadIt_only() {
        PageSpool spool = PageSpool.inMemory(1_000);
        ScanPage first = page("a");
        spool.offer("run1", read(null), first, 10);
        spool.offer("run1", read(AFTER_A), page("b"), 10);

        // The first page is asked with no key or with an empty one alike.
        assertThat(spool.take("run1", read(Map.of()))).containsSame(first);
        assertThat(spool.take("run1", read(null))).isEmpty();
        // Another page size, segment, run or a consistent read is another scan.
        assertThat(spool.take("run1", new PageSpool.Read("T-dev", 1, 4, AFTER_A, 250))).isEmpty();
        assertThat(spool.take("run1", new PageSpool.Read("T-dev", 2, 4, AFTER_A, 500))).isEmpty();
        assertThat(spool.take("run2", read(AFTER_A))).isEmpty();
        assertThat(spool.take("run1", read(item("id", s("a"))))).isPresent();
    }

    @Test
    void aPageOverTheBudget_isNotKept_andLetsGoTheOneKeptBeforeUnderItsScan() {
        PageSpool.InMemory spool = (PageSpool.InMemory) PageSpool.inMemory(15);
        spool.offer("run1", read(null), page("a"), 10);
        spool.offer("run1", read(AFTER_A), page("b"), 10);
        assertThat(spool.pages()).isEqualTo(1);

        // Read again (an analysis call that went on from a page it had read ahead): the later read replaces the earlier,
        // and one that does not fit leaves none rather than the earlier read.
        spool.offer("run1", read(null), page("a2"), 12);
        assertThat(spool.take("run1", read(null)).orElseThrow().items()).containsExactly(item("id", s("a2")));
        spool.offer("run1", read(null), page("a"), 10);
        spool.offer("run1", read(null), page("a3"), 16);
        assertThat(spool.take("run1", read(null))).isEmpty();
    }

    @Test
    void anotherRunsPages_orAForgottenRun_letGoWhatWasKept() {
        PageSpool.InMemory spool = (PageSpool.InMemory) PageSpool.inMemory(1_000);
        spool.offer("run1", read(null), page("a"), 10);
        spool.offer("run2", read(null), page("b"), 10);
        assertThat(spool.take("run1", read(null))).isEmpty();
        spool.forget("run2");
        assertThat(spool.pages()).isZero();
        assertThat(PageSpool.inMemory(0)).isSameAs(PageSpool.NONE);
    }

    @Test
    void theCopysSource_answersAKeptPageFromTheSpool_andReadsEveryOtherPage() {
        InMemoryItemStore store = new InMemoryItemStore().createTable("T-dev", "id", ScalarAttributeType.S);
        store.put("T-dev", item("id", s("x")));
        PageSpool spool = PageSpool.inMemory(1_000);
        ScanPage kept = new ScanPage(List.of(item("id", s("as analyzed"))), null);
        spool.offer("run1", new PageSpool.Read("T-dev", 0, 1, null, 500), kept, 10);
        ItemStore source = spool.serving("run1", store);

        assertThat(source.scan("T-dev", 0, 1, null, 500, false)).isSameAs(kept);
        assertThat(store.calls(InMemoryItemStore.Operation.SCAN)).isZero();
        assertThat(source.scan("T-dev", 0, 1, null, 500, false).items()).containsExactly(item("id", s("x")));
        assertThat(store.calls(InMemoryItemStore.Operation.SCAN)).isEqualTo(1);
        assertThat(PageSpool.NONE.serving("run1", store)).isSameAs(store);
    }

    @Test
    void pagesPastTheObjectsBudget_arePacked_andGivenBackEqual_everyTypeAsItWas() {
        PageSpool.InMemory spool = (PageSpool.InMemory) PageSpool.inMemory(10, 1_000);
        Map<String, AttributeValue> every = item("id", s("b\u00e9\uD83D\uDE00"), "n", n("1.50"), "bin", b(0, 255, 7), "t", bool(true),
                "f", bool(false), "nul", nul(), "ss", ss("x", "y"), "ns", ns("2", "-0.5e3"), "bs", bs(new byte[] {1}, new byte[0]),
                "l", l(s(""), n("0"), l(), m()), "m", m("inner", m("deep", ss("z")), "empty", s("")));
        ScanPage asObjects = page("a");
        ScanPage second = new ScanPage(List.of(every, item("id", s("c"))), item("id", s("c")));
        ScanPage last = new ScanPage(List.of(every), null);
        spool.offer("run1", read(null), asObjects, 10);
        spool.offer("run1", read(AFTER_A), second, 300);
        spool.offer("run1", read(item("id", s("c"))), last, 300);
        assertThat(spool.packed()).isEqualTo(2);

        assertThat(spool.take("run1", read(null))).containsSame(asObjects);
        ScanPage unpacked = spool.take("run1", read(AFTER_A)).orElseThrow();
        assertThat(unpacked).isEqualTo(second).isNotSameAs(second);
        assertThat(unpacked.items().get(0)).containsExactlyEntriesOf(every);
        assertThat(spool.take("run1", read(item("id", s("c"))))).contains(last);
        assertThat(spool.pages()).isZero();
    }

    @Test
    void packedPages_countInTheWholeBudget_andAPageTakenMakesRoomAgain() {
        PageSpool.InMemory spool = (PageSpool.InMemory) PageSpool.inMemory(10, 25);
        spool.offer("run1", read(null), page("a"), 10);
        spool.offer("run1", read(AFTER_A), page("b"), 10);
        spool.offer("run1", read(item("id", s("b"))), page("c"), 10);
        assertThat(spool.pages()).isEqualTo(2);
        assertThat(spool.packed()).isEqualTo(1);

        // The object's room, given back, takes the next page as an object.
        assertThat(spool.take("run1", read(null))).isPresent();
        spool.offer("run1", read(item("id", s("b"))), page("c"), 10);
        assertThat(spool.pages()).isEqualTo(2);
        assertThat(spool.packed()).isEqualTo(1);
        assertThat(spool.take("run1", read(item("id", s("b")))).orElseThrow().items()).containsExactly(item("id", s("c")));
    }
}

package dev.dmig.validate;

import static dev.dmig.store.Items.item;
import static dev.dmig.store.Items.l;
import static dev.dmig.store.Items.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.dmig.Reaches;
import dev.dmig.Settings;
import dev.dmig.TestFeatures;
import dev.dmig.analysis.Analyzer;
import dev.dmig.idmapping.IdMapper;
import dev.dmig.json.Json;
import dev.dmig.migrate.Checkpoint;
import dev.dmig.migrate.FaultInjector;
import dev.dmig.analysis.SourceIdFilter;
import dev.dmig.files.Buckets;
import dev.dmig.files.InMemoryBucket;
import dev.dmig.files.InMemoryObjectStore;
import dev.dmig.identity.IdentityCsv;
import dev.dmig.identity.IdentityMap;
import dev.dmig.migrate.ItemTransformer;
import dev.dmig.migrate.RunMappings;
import dev.dmig.migrate.PageFindings;
import dev.dmig.migrate.SegmentMigrator;
import dev.dmig.migrate.SegmentProgress;
import dev.dmig.migrate.WriteWindows;
import dev.dmig.plan.MigrationPlan;
import dev.dmig.plan.PlanParser;
import dev.dmig.run.Deadline;
import dev.dmig.run.RunLayout;
import dev.dmig.run.RunManifest;
import dev.dmig.run.RunRequest;
import dev.dmig.run.RunState;
import dev.dmig.run.RunStatus;
import dev.dmig.store.InFlight;
import dev.dmig.store.InMemoryArtifactStore;
import dev.dmig.store.InMemoryItemStore;
import dev.dmig.store.ItemKeys;
import dev.dmig.store.TableInfo;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Validation that checks the app, not the plan: whatever a source item named in the source (a record of a table, a user)
 * its copy names in the target, and what no rule of the plan claims is copied as it was. A wrong plan copies exactly
 * what it says, so the copy equals the source as the plan transforms it; only a look at each copy beside its source item
 * finds a declared reference hashed as the item's own ID, a reference mapped to the wrong table, or a user's sub hashed
 * as a record ID. The copy looks as it writes each page, so that the source is read once.
 */
class ResolutionsValidationTest {
    /** What the files feature counts a value naming an object the target lacks under. */
    private static final String FILE = "file";
    private static final String SUB_ALICE = "0b4f2d4e-6c1a-4f0e-9d5a-1b2c3d4e5f60";
    private static final String SUB_BOB = "1c5e3f5a-7d2b-4a1f-8e6b-2c3d4e5f6a71";
    private static final String USERS = """
            source_sub,target_sub
            0b4f2d4e-6c1a-4f0e-9d5a-1b2c3d4e5f60,9a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d
            1c5e3f5a-7d2b-4a1f-8e6b-2c3d4e5f6a71,8b2c3d4e-5f6a-4b7c-9d8e-9f0a1b2c3d4e
            """;
    /** Owners and editors the identities feature maps: a test of {@code PLAN} runs where the build has the feature. */
    private static final String PLAN = """
            {"source": {"tableSuffix": "-dev"}, "target": {"tableSuffix": "-prod"}, "idNamespace": "rs",
             "onConflict": "abort", "backup": false, "segments": 1,
             "identities": {"csv": "users.csv"},
             "tables": {
               "Blog": {"references": {"owner": "@owner"}},
               "Post": {"idAttribute": "blogId"%s},
               "Note": {"references": {"blogId": "%s", "owner": "@owner", "editor": "@sub"%s}}
             }}""";

    /** Post's key, blogId, mapped as Blog's IDs: a pattern of Blog's ID alone on the ID attribute. */
    private static final String BLOG_KEYED = ", \"references\": {\"blogId\": {\"pattern\": \"{blog}\", \"blog\": \"Blog\"}}";

    private final InMemoryItemStore items = new InMemoryItemStore();
    private final InMemoryArtifactStore artifacts = new InMemoryArtifactStore();
    private final ExecutorService pool = Executors.newFixedThreadPool(4);
    private final Settings settings = new Settings("dmig-test-bucket", 25, 4, 4, 0, 5, 25_000, 32, 500);
    private final IdMapper ids = new IdMapper("rs");

    ResolutionsValidationTest() {
        for (String side : List.of("-dev", "-prod")) {
            items.createTable("Blog" + side, "id", ScalarAttributeType.S);
            items.createTable("Note" + side, "id", ScalarAttributeType.S);
            // Keyed as Amplify keys @primaryKey(sortKeyFields: ["slug"]) on blogId, which @belongsTo(fields: ["blogId"]) names.
            items.createTable("Post" + side, "blogId", ScalarAttributeType.S, "slug", ScalarAttributeType.S);
        }
        items.put("Blog-dev", item("id", s("blog-0000-0001"), "name", s("Roofs"), "owner", s(SUB_ALICE + "::" + SUB_ALICE)),
                item("id", s("blog-0000-0002"), "name", s("Pools"), "owner", s(SUB_BOB + "::" + SUB_BOB)));
        for (int i = 1; i <= 6; i++) {
            items.put("Post-dev", item("blogId", s(i % 2 == 0 ? "blog-0000-0002" : "blog-0000-0001"), "slug", s("post-" + i),
                    "title", s("Post " + i), "tags", l(s("news"), s("roofing"))));
        }
        items.put("Note-dev", item("id", s("note-0000-0001"), "blogId", s("blog-0000-0001"), "editor", s(SUB_BOB),
                "owner", s(SUB_ALICE + "::" + SUB_ALICE)));
    }

    @AfterEach
    void close() {
        pool.shutdownNow();
    }

    @Test
    void aDeclaredReferenceHashedAsThePostsOwnId_failsValidation_namingTheAttributeItsTableAndTheFix_thoughTheCopyIsExact() {
        TestFeatures.assumeHas("IdentityFeature");
        ValidationProgress progress = runAndValidate("rs-own", "", "Blog", "");

        assertThat(progress.passed()).isFalse();
        ValidationReport report = report("rs-own");
        TableValidation posts = table(report, "Post");
        assertThat(posts.copyExact()).as("the copy is what the plan says").isTrue();
        assertThat(posts.sourceReadByMigration()).as("the copy looked, the source was not read again").isTrue();
        assertThat(report.failures()).containsExactly("table Post, attribute blogId: 6 values were IDs of Blog records in the source"
                + " and name no Blog record's copy in the target (first: item " + firstPost() + "); the plan maps blogId as Post's own"
                + " ID; map it as a reference to Blog, \"references\": {\"blogId\": \"Blog\"} in the table's entry");
        assertThat(manifest("rs-own").status()).as("not validated: the state machine rolls it back").isEqualTo(RunStatus.VALIDATING);
        // The copy found it as it wrote each page: its checkpoint says so.
        Checkpoint copied = artifacts.json(RunLayout.checkpoint("rs-own", "Post", 0), Checkpoint.class);
        assertThat(copied.findings()).extracting(PageFindings.Found::path, PageFindings.Found::kind, PageFindings.Found::count)
                .contains(tuple("blogId", "id:Blog", 6L));
    }

    @Test
    void anIdInTwoTables_isCheckedAgainstTheTableThePlansReferenceNames_notLeftUndecided() {
        TestFeatures.assumeHas("IdentityFeature");
        // An archived record under a blog's ID: blog-0000-0001 is an ID in Blog and in Archive.
        for (String side : List.of("-dev", "-prod")) {
            items.createTable("Archive" + side, "id", ScalarAttributeType.S);
        }
        items.put("Archive-dev", item("id", s("blog-0000-0001"), "note", s("archived under a blog's ID")));
        String plan = PLAN.formatted(BLOG_KEYED, "Blog", "").replace("\"Blog\": {", "\"Archive\": {}, \"Blog\": {");

        ValidationProgress progress = runAndValidate("rs-two", plan, true);

        assertThat(progress.passed()).as(String.join("\n", report("rs-two").failures())).isTrue();
        assertThat(table(report("rs-two"), "Note").valuesUndecided()).as("Note.blogId is Blog's, as the plan says").isZero();
        assertThat(table(report("rs-two"), "Post").valuesUndecided()).as("Post.blogId, a pattern of Blog's ID alone").isZero();
        assertThat(table(report("rs-two"), "Post").valuesResolved()).isEqualTo(6);
    }

    @Test
    void theSamePostsWithBlogIdMappedAsBlogsIds_pass_andTheValuesThatResolvedAreCounted() {
        TestFeatures.assumeHas("IdentityFeature");
        ValidationProgress progress = runAndValidate("rs-right", BLOG_KEYED, "Blog", "");

        assertThat(progress.passed()).as(String.join("\n", report("rs-right").failures())).isTrue();
        TableValidation posts = table(report("rs-right"), "Post");
        assertThat(posts.resolutions()).isEmpty();
        assertThat(posts.valuesResolved()).as("each post's blogId names its blog's copy").isEqualTo(6);
        assertThat(items.items("Post-prod")).allSatisfy(post -> assertThat(post.get("blogId").s())
                .isIn(ids.newId("Blog", "blog-0000-0001"), ids.newId("Blog", "blog-0000-0002")));
        assertThat(table(report("rs-right"), "Note").valuesResolved()).as("blogId, the editor's sub, the owner's sub").isEqualTo(3);
        assertThat(manifest("rs-right").status()).isEqualTo(RunStatus.VALIDATED);
    }

    @Test
    void aReferenceMappedToTheWrongTable_failsItsAttribute_withTheLineThatFixesIt() {
        TestFeatures.assumeHas("IdentityFeature");
        // Note's blogId mapped as a Post ID: it names nothing in the target.
        runAndValidate("rs-wrong", BLOG_KEYED, "Post", "");

        assertThat(report("rs-wrong").failures()).containsExactly(
                "table Note, attribute blogId: 1 value was the ID of a Blog record in the source and names no Blog record's copy in"
                        + " the target (first: item id=note-0000-0001); the plan maps blogId as a reference to Post; if it holds IDs of Post and"
                        + " of Blog, name the attribute that says which, \"references\": {\"blogId\": {\"by\": \"<attribute>\", \"models\":"
                        + " {\"<its value>\": \"Post\", \"<its value>\": \"Blog\"}}}, or, if none does, the table whose source holds"
                        + " each value, \"references\": {\"blogId\": {\"oneOf\": [\"Post\", \"Blog\"]}}; if of Blog alone, \"references\": {\"blogId\":"
                        + " \"Blog\"}");
    }

    @Test
    void anAttributeNoRuleClaims_thatDiffersInTheCopy_andAUsersSubThatNamesNoTargetUser_areFound() {
        TestFeatures.assumeHas("IdentityFeature");
        MigrationPlan plan = PlanParser.parse(PLAN.formatted(BLOG_KEYED, "Blog", ""));
        IdentityMap users = IdentityCsv.parse("users.csv", USERS.getBytes(StandardCharsets.UTF_8));
        ItemTransformer transformer = new ItemTransformer(plan, new RunMappings(0L, users));
        SourceValues known = SourceValues.of(manifest(), plan, items, SourceNames.of(transformer.run()), new SourceValues.Filters(Map.of(),
                SourceIdFilter.together(List.of())));
        Resolutions resolutions = new Resolutions(transformer, known, Reaches.NONE);
        Map<String, AttributeValue> post = items.items("Post-dev").get(0);
        Map<String, AttributeValue> postCopy = new HashMap<>(transformer.transform("Post", post));
        postCopy.put("title", s("Changed on the way"));
        Map<String, AttributeValue> note = items.items("Note-dev").get(0);
        Map<String, AttributeValue> noteCopy = new HashMap<>(transformer.transform("Note", note));
        assertThat(resolutions.check("Note", items.describe("Note-dev").orElseThrow(), List.of(note), List.of(noteCopy)))
                .as("the editor's sub and the owner's sub name their target users; blogId is no ID without the run's filters")
                .containsExactly(new PageFindings.Found("", Resolutions.RESOLVED, 2, null));
        noteCopy.put("editor", s("someone-else-entirely"));

        List<PageFindings.Found> found = resolutions.check("Post", items.describe("Post-dev").orElseThrow(), List.of(post),
                List.of(postCopy));
        List<PageFindings.Found> notes = resolutions.check("Note", items.describe("Note-dev").orElseThrow(), List.of(note),
                List.of(noteCopy));

        assertThat(found).extracting(PageFindings.Found::path, PageFindings.Found::kind, PageFindings.Found::count)
                .containsExactly(tuple("title", Resolutions.CHANGED, 1L));
        assertThat(notes).extracting(PageFindings.Found::path, PageFindings.Found::kind, PageFindings.Found::count)
                .contains(tuple("editor", "user:sub", 1L));
        assertThat(new ResolutionFinding("editor", "user:sub", 1, "id=n", null).failure(plan, "Note"))
                .isEqualTo("table Note, attribute editor: 1 value named a source user (sub) and names no target user (first: item"
                        + " id=n); map it as an identity, \"editor\": \"@sub\" in the table's references, or list it in the table's"
                        + " keepSourceValues to copy it as it is");
        assertThat(new ResolutionFinding("title", Resolutions.CHANGED, 1, "blogId=b, slug=s", null).failure(plan, "Post"))
                .isEqualTo("table Post, attribute title: 1 value differs from the source's, and no rule of the plan changes this"
                        + " attribute (first: item blogId=b, slug=s); the copy of an attribute the plan does not map must hold what"
                        + " the source held");
    }

    @Test
    void aUsersSubInATextOfManyWords_isFoundByItsCounterpartOrItsAbsence_asInAShortOne() {
        TestFeatures.assumeHas("IdentityFeature");
        MigrationPlan plan = PlanParser.parse(PLAN.formatted(BLOG_KEYED, "Blog", ""));
        IdentityMap users = IdentityCsv.parse("users.csv", USERS.getBytes(StandardCharsets.UTF_8));
        ItemTransformer transformer = new ItemTransformer(plan, new RunMappings(0L, users));
        Resolutions resolutions = new Resolutions(transformer, SourceValues.of(manifest(), plan, items, SourceNames.of(transformer.run()),
                new SourceValues.Filters(Map.of(), SourceIdFilter.together(List.of()))), Reaches.NONE);
        Map<String, AttributeValue> note = new HashMap<>(items.items("Note-dev").get(0));
        note.remove("owner");
        // Thirty words, each its own token: more than a string's tokens are kept in a list.
        String words = IntStream.range(0, 30).mapToObj(i -> "word" + i + " ").collect(Collectors.joining());
        String bobInTarget = "8b2c3d4e-5f6a-4b7c-9d8e-9f0a1b2c3d4e";
        // The copies are made here: the plan maps editor as a sub of its own, which a text is not.
        Map<String, AttributeValue> copied = transformer.transform("Note", note);
        for (String around : List.of("", "edited by %s, " + words + "the end")) {
            note.put("editor", s(around.isEmpty() ? SUB_BOB : around.formatted(SUB_BOB)));
            Map<String, AttributeValue> copy = new HashMap<>(copied);
            copy.put("editor", s(around.isEmpty() ? bobInTarget : around.formatted(bobInTarget) + " (changed)"));
            Map<String, AttributeValue> wrong = new HashMap<>(copy);
            wrong.put("editor", s(around.isEmpty() ? SUB_ALICE.replace('0', '1') : around.formatted("someone") + " (changed)"));

            assertThat(resolutions.check("Note", items.describe("Note-dev").orElseThrow(), List.of(note), List.of(copy)))
                    .as("Bob's sub in %s names his target sub", around.isEmpty() ? "a value of its own" : "a text of many words")
                    .containsExactly(new PageFindings.Found("", Resolutions.RESOLVED, 1, null));
            assertThat(resolutions.check("Note", items.describe("Note-dev").orElseThrow(), List.of(note), List.of(wrong)))
                    .extracting(PageFindings.Found::path, PageFindings.Found::kind, PageFindings.Found::count)
                    .containsExactly(tuple("editor", "user:sub", 1L));
        }
    }

    @Test
    void anAttributeThePlanSets_isThePlansValue_andNotLookedAt_thoughItNamedASourceUser() {
        TestFeatures.assumeHas("IdentityFeature");
        MigrationPlan plan = PlanParser.parse(PLAN.formatted(BLOG_KEYED, "Blog", "").replace("\"editor\": \"@sub\"}}",
                "\"editor\": \"@sub\"}, \"set\": {\"editor\": \"migrated\"}}"));
        IdentityMap users = IdentityCsv.parse("users.csv", USERS.getBytes(StandardCharsets.UTF_8));
        ItemTransformer transformer = new ItemTransformer(plan, new RunMappings(0L, users));
        Resolutions resolutions = new Resolutions(transformer, SourceValues.of(manifest(), plan, items, SourceNames.of(transformer.run()),
                new SourceValues.Filters(Map.of(), SourceIdFilter.together(List.of()))), Reaches.NONE);
        Map<String, AttributeValue> note = items.items("Note-dev").get(0);
        Map<String, AttributeValue> copy = transformer.transform("Note", note);
        assertThat(copy.get("editor").s()).isEqualTo("migrated");

        List<PageFindings.Found> found = resolutions.check("Note", items.describe("Note-dev").orElseThrow(), List.of(note), List.of(copy));

        assertThat(found).as("the owner's sub resolves; the editor the plan sets is not looked at")
                .containsExactly(new PageFindings.Found("", Resolutions.RESOLVED, 1, null));
    }

    @Test
    void aListOfStorageKeysMappedAsAPattern_namesObjectsTheTargetBucketLacks_andIsFound_whileProseAndUrlsAreAskedAtMostAFewTimes() {
        TestFeatures.assumeHas("FilesFeature");
        MigrationPlan plan = PlanParser.parse("""
                {"source": {"tableSuffix": "-dev", "storageBucket": "app-dev"},
                 "target": {"tableSuffix": "-prod", "storageBucket": "app-prod"}, "idNamespace": "rs",
                 "tables": {"Project": {}, "Attachment": {"references": {"projectId": "Project",
                   "thumbKeys[]": {"pattern": "public/projects/{p}/attachments/{a}/{name}", "p": "Project", "a": "Attachment"}},
                   "files": {"cover": {}}}}}""");
        InFlight heads = new InFlight(1);
        InMemoryBucket dev = new InMemoryBucket("app-dev", heads);
        InMemoryObjectStore prod = new InMemoryObjectStore("app-prod", heads);
        ItemTransformer transformer = new ItemTransformer(plan);
        items.createTable("Attachment-dev", "id", ScalarAttributeType.S);
        List<Map<String, AttributeValue>> sources = new java.util.ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            String key = "public/projects/project-0001/attachments/att-000" + i + "/thumb.jpg";
            dev.with(key, "thumb " + i);
            sources.add(item("id", s("att-000" + i), "projectId", s("project-0001"), "thumbKeys", l(s(key)),
                    "cover", s("public/covers/c" + i + ".jpg"), "note", s("see docs/setup and https://example.com/a/b"),
                    "path", s("reports/2026/q" + i)));
        }
        List<Map<String, AttributeValue>> mapped = sources.stream().map(item -> transformer.transform("Attachment", item)).toList();
        Resolutions resolutions = new Resolutions(transformer, SourceValues.of(manifest(), plan, items, SourceNames.NONE,
                new SourceValues.Filters(Map.of(), SourceIdFilter.together(List.of()))), Reaches.NONE.with(Buckets.class, buckets(dev, prod)));
        TableInfo source = items.describe("Attachment-dev").orElseThrow();

        List<PageFindings.Found> found = resolutions.check("Attachment", source, sources, mapped);

        assertThat(found).extracting(PageFindings.Found::path, PageFindings.Found::kind, PageFindings.Found::count)
                .containsExactly(tuple("thumbKeys[]", FILE, 4L));
        // The declared file (cover) is the copy's cargo's to compare; "path" named no object in its first three values.
        assertThat(heads.calls()).as("4 thumbnails in both buckets, 3 paths under their key and under public/").isEqualTo(8 + 6);
        String line = new ResolutionFinding("thumbKeys[]", FILE, 4, "id=att-0001", null).failure(plan, "Attachment");
        assertThat(line).isEqualTo("table Attachment, attribute thumbKeys[]: 4 values named objects of bucket app-dev and name no"
                + " object with the same bytes in bucket app-prod (first: item id=att-0001); the plan does not copy them: make"
                + " thumbKeys[] a file reference, \"files\": {\"thumbKeys[]\": …} in the table's entry (with the pattern that"
                + " renames them, in place of a reference), or list it in the table's keepSourceValues to copy it as it is");

        for (int i = 0; i < 4; i++) {
            String key = mapped.get(i).get("thumbKeys").l().get(0).s();
            prod.with(key, "thumb " + (i + 1));
        }
        Resolutions again = new Resolutions(transformer, SourceValues.of(manifest(), plan, items, SourceNames.NONE,
                new SourceValues.Filters(Map.of(), SourceIdFilter.together(List.of()))), Reaches.NONE.with(Buckets.class, buckets(dev, prod)));
        assertThat(again.check("Attachment", source, sources, mapped)).as("copied with their bytes, they resolve")
                .containsExactly(new PageFindings.Found("", Resolutions.RESOLVED, 4, null));
    }

    @Test
    void aReferenceHoldingIdsOfTwoTables_mappedAsOne_failsForTheOthers_withTheLineThatSaysHowToNameThemBoth() {
        runAndValidate("rs-one", shareLinks("\"Evaluation\""), false);

        assertThat(report("rs-one").failures()).containsExactly("table ShareLink, attribute resourceId: 1 value was the ID of a"
                + " Report record in the source and names no Report record's copy in the target (first: item id=link-0003); the plan"
                + " maps resourceId as a reference to Evaluation; if it holds IDs of Evaluation and of Report, name the attribute"
                + " that says which, \"references\": {\"resourceId\": {\"by\": \"<attribute>\", \"models\": {\"<its value>\":"
                + " \"Evaluation\", \"<its value>\": \"Report\"}}}, or, if none does, the table whose source holds each value,"
                + " \"references\": {\"resourceId\": {\"oneOf\": [\"Evaluation\", \"Report\"]}}; if of Report alone, \"references\":"
                + " {\"resourceId\": \"Report\"}");
    }

    @Test
    void aReferenceHoldingIdsOfTwoTables_mappedByTheAttributeThatSaysWhich_passes() {
        ValidationProgress mapped = runAndValidate("rs-by", shareLinks(
                "{\"by\": \"resourceType\", \"models\": {\"EVALUATION\": \"Evaluation\", \"REPORT\": \"Report\"}}"), false);

        assertThat(mapped.passed()).as(String.join("\n", report("rs-by").failures())).isTrue();
        assertThat(table(report("rs-by"), "ShareLink").valuesResolved()).isEqualTo(3);
        assertThat(items.item("ShareLink-prod", Map.of("id", s(ids.newId("ShareLink", "link-0003")))).orElseThrow()
                .get("resourceId").s()).isEqualTo(ids.newId("Report", "report-00001"));
    }

    /**
     * Share links whose resourceId holds an Evaluation's ID or a Report's, as resourceType says, and the plan of the three
     * tables with {@code resourceId}'s reference.
     */
    private String shareLinks(String resourceId) {
        for (String side : List.of("-dev", "-prod")) {
            items.createTable("Evaluation" + side, "id", ScalarAttributeType.S);
            items.createTable("Report" + side, "id", ScalarAttributeType.S);
            items.createTable("ShareLink" + side, "id", ScalarAttributeType.S);
        }
        items.put("Evaluation-dev", item("id", s("evaluation-0001")), item("id", s("evaluation-0002")));
        items.put("Report-dev", item("id", s("report-00001")));
        items.put("ShareLink-dev", item("id", s("link-0001"), "resourceType", s("EVALUATION"), "resourceId", s("evaluation-0001")),
                item("id", s("link-0002"), "resourceType", s("EVALUATION"), "resourceId", s("evaluation-0002")),
                item("id", s("link-0003"), "resourceType", s("REPORT"), "resourceId", s("report-00001")));
        return """
                {"source": {"tableSuffix": "-dev"}, "target": {"tableSuffix": "-prod"}, "idNamespace": "rs", "onConflict": "abort",
                 "backup": false, "segments": 1, "tables": {"Evaluation": {}, "Report": {},
                 "ShareLink": {"references": {"resourceId": %s}}}}""".formatted(resourceId);
    }

    /** The plan's two buckets, whatever plan asks. */
    private static Buckets buckets(InMemoryBucket dev, InMemoryObjectStore prod) {
        return new Buckets() {
            @Override
            public dev.dmig.files.ObjectReader source(MigrationPlan plan) {
                return dev;
            }

            @Override
            public dev.dmig.files.ObjectStore target(MigrationPlan plan) {
                return prod;
            }
        };
    }

    /** A confirmed full run of {@link #PLAN} (Post's entry, Note's blogId target and Note's extra references), validated. */
    private ValidationProgress runAndValidate(String runId, String post, String noteBlog, String noteExtra) {
        return runAndValidate(runId, PLAN.formatted(post, noteBlog, noteExtra), true);
    }

    /** A confirmed full run of {@code json}, with the identity map when {@code identities}, validated. */
    private ValidationProgress runAndValidate(String runId, String json, boolean identities) {
        artifacts.put("config/" + runId + ".identities.csv", USERS.getBytes(StandardCharsets.UTF_8), "text/csv");
        RunRequest request = new RunRequest("full", runId, null, Json.tree(json.getBytes(StandardCharsets.UTF_8)), null, null, null,
                null, true, null, null, null, false, null, identities ? "config/" + runId + ".identities.csv" : null);
        RunState state = null;
        for (int call = 0; call < 100 && (state == null || !state.done()); call++) {
            state = new Analyzer(items, artifacts, settings, pool).analyze(request, "exec-" + runId, Deadline.in(60_000));
        }
        assertThat(state.levels()).as(artifacts.text(RunLayout.manifest(runId))).isNotEmpty();
        SegmentMigrator migrator = new SegmentMigrator(items, artifacts, pool, FaultInjector.NONE, settings.pageSize(),
                new WriteWindows(settings.writeConcurrency(), settings.throttlePatienceMillis())).with(Validator.copyCheck(items, artifacts, dev.dmig.Reaches.NONE));
        for (RunState.Level level : state.levels()) {
            for (RunState.TableWork table : level.tables()) {
                for (int segment = 0; segment < table.segments(); segment++) {
                    SegmentProgress progress;
                    do {
                        progress = migrator.migrate(runId, table.table(), segment, table.segments(), Deadline.in(60_000));
                    } while (!progress.done());
                }
            }
        }
        ValidationProgress progress;
        do {
            progress = new Validator(items, artifacts, settings, pool).validate(runId, "exec-" + runId, Deadline.in(60_000));
        } while (!progress.done());
        return progress;
    }

    private String firstPost() {
        Map<String, AttributeValue> first = items.items("Post-dev").get(0);
        return ItemKeys.describe(items.describe("Post-dev").orElseThrow().keyOf(first));
    }

    private static RunManifest manifest() {
        return Json.read("{\"runId\": \"r\", \"tables\": [\"Blog\", \"Post\", \"Note\"], \"createdAt\": \"2026-01-01T00:00:00Z\"}"
                .getBytes(StandardCharsets.UTF_8), RunManifest.class);
    }

    private ValidationReport report(String runId) {
        return artifacts.json(RunLayout.validation(runId), ValidationReport.class);
    }

    private RunManifest manifest(String runId) {
        return artifacts.json(RunLayout.manifest(runId), RunManifest.class);
    }

    private static TableValidation table(ValidationReport report, String model) {
        return report.tables().stream().filter(t -> t.model().equals(model)).findFirst().orElseThrow();
    }
}

package dev.dmig.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class PlanParserTest {
    /** The product contract's example plan, verbatim. */
    static final String PRODUCT_EXAMPLE = """
            {
              "source": { "tableSuffix": "-fvn7t5hbobaxjklhrqzdl4ac34-NONE" },
              "target": { "tableSuffix": "-aqnqdrctpzfwfjwyxxsmu6peoq-NONE" },
              "idNamespace": "aqnqdrctpzfwfjwyxxsmu6peoq-NONE",
              "onConflict": "abort",
              "tables": {
                "Contacts":   {},
                "Properties": {},
                "Requests":   { "references": { "agentContactId": "Contacts",
                                                "homeownerContactId": "Contacts",
                                                "addressId": "Properties" } },
                "QuoteItems": { "references": { "projectId": "Projects" } },
                "AppPreferences": { "ids": "preserve" },
                "Auth": { "skip": true }
              }
            }
            """;

    /** The example with the Projects model it references, which the verbatim text leaves out. */
    static final String PRODUCT_EXAMPLE_COMPLETE = PRODUCT_EXAMPLE.replace("\"Contacts\":   {},",
            "\"Contacts\":   {},\n    \"Projects\": {},");

    private static PlanInvalidException invalid(String json) {
        return catchThrowableOfType(PlanInvalidException.class, () -> PlanParser.parse(json));
    }

    private static List<String> problems(String json) {
        PlanInvalidException e = invalid(json);
        assertThat(e).as("the plan should be rejected").isNotNull();
        return e.problems().stream().map(Problem::toString).toList();
    }

    private static String minimal(String tables) {
        return "{\"source\": {\"tableSuffix\": \"-dev-NONE\"}, \"target\": {\"tableSuffix\": \"-prod-NONE\"}, \"tables\": "
                + tables + "}";
    }

    @Test
    void productExample_withProjects_parses() {
        MigrationPlan plan = PlanParser.parse(PRODUCT_EXAMPLE_COMPLETE);
        assertThat(plan.sourceSuffix()).isEqualTo("-fvn7t5hbobaxjklhrqzdl4ac34-NONE");
        assertThat(plan.targetSuffix()).isEqualTo("-aqnqdrctpzfwfjwyxxsmu6peoq-NONE");
        assertThat(plan.idNamespace()).isEqualTo("aqnqdrctpzfwfjwyxxsmu6peoq-NONE");
        assertThat(plan.onConflict()).isEqualTo(ConflictPolicy.ABORT);
        assertThat(plan.backup()).isTrue();
        assertThat(plan.tables().keySet())
                .containsExactly("Contacts", "Projects", "Properties", "Requests", "QuoteItems", "AppPreferences", "Auth");
        assertThat(plan.migratedModels())
                .containsExactly("Contacts", "Projects", "Properties", "Requests", "QuoteItems", "AppPreferences");
        TablePlan requests = plan.table("Requests");
        assertThat(requests.idAttribute()).isEqualTo("id");
        assertThat(requests.ids()).isEqualTo(IdStrategy.SHA256);
        assertThat(requests.references()).containsExactly(
                Map.entry(ReferencePath.parse("agentContactId"), "Contacts"),
                Map.entry(ReferencePath.parse("homeownerContactId"), "Contacts"),
                Map.entry(ReferencePath.parse("addressId"), "Properties"));
        assertThat(plan.table("AppPreferences").ids()).isEqualTo(IdStrategy.PRESERVE);
        assertThat(plan.table("Auth").skip()).isTrue();
        assertThat(plan.sourceTable("Contacts")).isEqualTo("Contacts-fvn7t5hbobaxjklhrqzdl4ac34-NONE");
        assertThat(plan.targetTable("Contacts")).isEqualTo("Contacts-aqnqdrctpzfwfjwyxxsmu6peoq-NONE");
        assertThat(plan.digest()).startsWith("sha256:").hasSize(7 + 64);
    }

    @Test
    void productExample_verbatim_isRejected_becauseItReferencesProjectsWhichItDoesNotList() {
        // The contract's own example names "Projects" in a reference but not in "tables"; such a plan is
        // rejected, and it is.
        assertThat(problems(PRODUCT_EXAMPLE)).containsExactly("table QuoteItems, attribute projectId: references unknown "
                + "model 'Projects' (models in the plan: Contacts, Properties, Requests, QuoteItems, AppPreferences, Auth)");
    }

    @Test
    void defaults_idAttributeSha256AbortAndNamespaceFromTargetSuffix() {
        MigrationPlan plan = PlanParser.parse(minimal("{\"Contacts\": {}}"));
        assertThat(plan.idNamespace()).isEqualTo("prod-NONE");
        assertThat(plan.onConflict()).isEqualTo(ConflictPolicy.ABORT);
        assertThat(plan.segments()).isNull();
        assertThat(plan.writeRateLimit()).isNull();
        assertThat(plan.backup()).isTrue();
        assertThat(plan.table("Contacts")).isEqualTo(TablePlan.defaults("Contacts"));
    }

    @Test
    void namespace_fromSuffixWithoutLeadingDash_isTheSuffixItself() {
        String json = "{\"source\": {\"tableSuffix\": \"_dev\"}, \"target\": {\"tableSuffix\": \"_prod\"}, \"tables\": {\"A\": {}}}";
        assertThat(PlanParser.parse(json).idNamespace()).isEqualTo("_prod");
    }

    @Test
    void samePlanText_sameDigest_otherText_otherDigest() {
        assertThat(PlanParser.parse(minimal("{\"A\": {}}")).digest()).isEqualTo(PlanParser.parse(minimal("{\"A\": {}}")).digest());
        assertThat(PlanParser.parse(minimal("{\"A\": {}}")).digest()).isNotEqualTo(PlanParser.parse(minimal("{\"B\": {}}")).digest());
    }

    @Test
    void threeProblems_areReportedTogether_eachNamingWhere() {
        String json = """
                {
                  "source": {"tableSuffix": "-same-NONE"},
                  "target": {"tableSuffix": "-same-NONE"},
                  "tables": {
                    "Contacts": {},
                    "Requests": {"references": {"agentId": "Agents", "a[]]": "Contacts"}}
                  }
                }
                """;
        PlanInvalidException e = invalid(json);
        assertThat(e.problems()).extracting(Problem::toString).containsExactly(
                "source and target table suffixes are the same ('-same-NONE'): a migration must go from one environment to another",
                "table Requests, attribute a[]]: bad reference path: path 'a[]]' is not of the form a, a.b, a[] or a[].b",
                "table Requests, attribute agentId: references unknown model 'Agents' (models in the plan: Contacts, Requests)");
        assertThat(e).hasMessage("3 problems, nothing was written: "
                + "source and target table suffixes are the same ('-same-NONE'): a migration must go from one environment to another; "
                + "table Requests, attribute a[]]: bad reference path: path 'a[]]' is not of the form a, a.b, a[] or a[].b; "
                + "table Requests, attribute agentId: references unknown model 'Agents' (models in the plan: Contacts, Requests)");
        assertThat(e.problems().get(2).table()).isEqualTo("Requests");
        assertThat(e.problems().get(2).attribute()).isEqualTo("agentId");
    }

    @Test
    void malformedJson_givesLineAndColumn() {
        String json = "{\n  \"source\": {\"tableSuffix\": \"-a\"},\n  \"target\": {\"tableSuffix\" \"-b\"}\n}";
        PlanInvalidException e = invalid(json);
        assertThat(e.problems()).hasSize(1);
        assertThat(e.getMessage()).startsWith("1 problem, nothing was written: the plan is not valid JSON (line 3, column ");
        // Column 28 is the '"' where the colon should be.
        assertThat(e.problems().get(0).toString()).isEqualTo("the plan is not valid JSON (line 3, column 28): "
                + "unexpected character '\"': was expecting a colon to separate field name and value");
    }

    @Test
    void truncatedJson_isRejected_sayingWhereTheUnclosedObjectOpened() {
        assertThat(problems("{\"source\": {\"tableSuffix\": \"-a\"}")).containsExactly(
                "the plan is not valid JSON (line 1, column 33): the text ends too early: the object opened at line 1, column 1"
                        + " is not closed");
    }

    @Test
    void trailingGarbageAfterThePlan_isRejectedAsInvalidJson() {
        String json = minimal("{\"Contacts\": {}}") + "\n}, \"tables\": {\"Other\": {}}}";
        assertThat(problems(json)).singleElement().asString().startsWith("the plan is not valid JSON (line 2, column ");
    }

    @Test
    void whatJacksonSaysOfBrokenJson_isReworded_withoutItsCodesOrClassNames() {
        assertThat(problems("{\"tables\": {\"a\": [1, 2}}")).singleElement().asString().endsWith(
                ": unexpected close marker '}': expected ']' (for the array opened at line 1, column 18)");
        assertThat(problems("{\"a\": 1} {}")).singleElement().asString().endsWith(": more text after the end of the plan's object");
        assertThat(problems("{\"a\": tru}")).singleElement().asString().endsWith(": unrecognized token 'tru': was expecting"
                + " a value (a string in double quotes, a number, an array, an object, true, false or null)");
        assertThat(problems("{\"a\": \"x\ny\"}")).singleElement().asString().endsWith(": a line break inside a string:"
                + " has to be escaped using backslash to be included in string value");
        assertThat(problems("{\"a\": 1, \"a\": 2}")).singleElement().asString().endsWith(": key 'a' appears twice in the same object");
        assertThat(problems("{\"a\": 1,}")).singleElement().asString().doesNotContain("code").doesNotContain("Source")
                .doesNotContain("REDACTED");
    }

    @Test
    void alongside_listsRunIds() {
        assertThat(PlanParser.parse(minimal("{\"Contacts\": {}}").replaceFirst("\\{", "{\"alongside\": [\"r1\", \"r2\"], "))
                .alongside()).containsExactly("r1", "r2");
        assertThat(PlanParser.parse(minimal("{\"Contacts\": {}}")).alongside()).isEmpty();
        assertThat(problems(minimal("{\"Contacts\": {}}").replaceFirst("\\{", "{\"alongside\": \"r1\", ")))
                .containsExactly("alongside must be a list of run IDs, like [\"20240501-101500-3f2a\"], not \"r1\"");
    }

    @Test
    void nonObjectPlan_isRejected() {
        assertThat(problems("[1, 2]")).containsExactly("the plan must be a JSON object");
        assertThat(problems("")).containsExactly("the plan must be a JSON object");
    }

    @Test
    void unknownKeys_atTopLevel_inSuffixObject_andInATable_areAllReported() {
        String json = """
                {"source": {"tableSuffix": "-dev-NONE", "profile": "x"}, "target": {"tableSuffix": "-prod-NONE"},
                 "onConflicts": "skip",
                 "tables": {"Contacts": {"refs": {"a": "Contacts"}}}}
                """;
        // The features' keys are known too, listed among the core's: every feature's sections and table fields, from the list.
        List<String> featureKeys = java.util.stream.Stream.concat(
                dev.dmig.Features.at(PlanSection.class).stream().flatMap(section -> section.keys().stream()),
                dev.dmig.Features.at(TableField.class).stream().flatMap(field -> field.keys().stream())).toList();
        assertThat(featureKeys).isNotEmpty();
        List<String> problems = problems(json).stream().map(p -> {
            String core = p;
            for (String key : featureKeys) {
                core = core.replace(" " + key + ", ", " ").replace(", " + key + ")", ")");
            }
            return core;
        }).toList();
        assertThat(problems).containsExactly(
                "unknown key \"onConflicts\" in the plan (known: $schema, alongside, backup, backupBeforeWrite, comment, "
                        + "idNamespace, onConflict, segments, source, tables, target, writeRateLimit)",
                "unknown key \"profile\" in \"source\" (known: endpoint, externalId, region, roleArn, storageBucket, storageEndpoint, "
                        + "tableSuffix, userPoolEndpoint, userPoolId)",
                "table Contacts: unknown key \"refs\" (known: comment, idAttribute, ids, keepSourceValues, "
                        + "onConflict, references, remove, rename, segments, set, skip, unique, writeRateLimit)");
    }

    @Test
    void missingSuffixesAndTables_areReported() {
        assertThat(problems("{}")).containsExactly(
                "\"source\" is missing: it must be an object like {\"tableSuffix\": \"-apiId-env\"}",
                "\"target\" is missing: it must be an object like {\"tableSuffix\": \"-apiId-env\"}",
                "\"tables\" must be an object with at least one model, like {\"Contacts\": {}}");
        assertThat(problems("{\"source\": {\"tableSuffix\": \"\"}, \"target\": {\"tableSuffix\": 3}, \"tables\": {}}"))
                .containsExactly("source.tableSuffix must be a non-empty string", "target.tableSuffix must be a non-empty string",
                        "\"tables\" must be an object with at least one model, like {\"Contacts\": {}}");
    }

    @Test
    void suffixes_whereOneEndsWithTheOther_clash() {
        String json = "{\"source\": {\"tableSuffix\": \"-NONE\"}, \"target\": {\"tableSuffix\": \"-prod-NONE\"}, \"tables\": {\"A\": {}}}";
        assertThat(problems(json)).containsExactly("source suffix '-NONE' and target suffix '-prod-NONE' clash: one ends with "
                + "the other, so a table name could belong to both environments");
    }

    @Test
    void badEnumValues_areReportedWithTheValueGiven() {
        String json = "{\"source\": {\"tableSuffix\": \"-dev-NONE\"}, \"target\": {\"tableSuffix\": \"-prod-NONE\"},"
                + " \"onConflict\": \"ignore\", \"tables\": {\"A\": {\"ids\": \"uuid\"}, \"B\": {\"ids\": 1}}}";
        assertThat(problems(json)).containsExactly(
                "onConflict must be \"abort\", \"skip\" or \"overwrite\", not \"ignore\"",
                "table A, attribute ids: must be \"sha256\" or \"preserve\", not \"uuid\"",
                "table B, attribute ids: must be \"sha256\" or \"preserve\", not 1");
    }

    @Test
    void skipAndOverwritePolicies_parse() {
        String base = minimal("{\"A\": {}}");
        assertThat(PlanParser.parse(base.replace("{\"source\"", "{\"onConflict\": \"skip\", \"source\"")).onConflict())
                .isEqualTo(ConflictPolicy.SKIP);
        assertThat(PlanParser.parse(base.replace("{\"source\"", "{\"onConflict\": \"overwrite\", \"source\"")).onConflict())
                .isEqualTo(ConflictPolicy.OVERWRITE);
    }

    @Test
    void numbersAndBooleans_outOfRangeOrWrongType_areReported() {
        String json = "{\"source\": {\"tableSuffix\": \"-dev-NONE\"}, \"target\": {\"tableSuffix\": \"-prod-NONE\"},"
                + " \"segments\": 0, \"writeRateLimit\": -1, \"backup\": \"yes\","
                + " \"tables\": {\"A\": {\"segments\": 2.5, \"skip\": 1}}}";
        assertThat(problems(json)).containsExactly(
                "segments must be a whole number from 1 to 1000000, not 0",
                "writeRateLimit must be a whole number from 0 to 2147483647, not -1",
                "backup must be true or false, not \"yes\"",
                "table A, attribute skip: skip must be true or false, not 1",
                "table A, attribute segments: segments must be a whole number from 1 to 1000000, not 2.5");
    }

    @Test
    void referencePaths_ofEveryForm_parse() {
        MigrationPlan plan = PlanParser.parse(minimal("{\"C\": {}, \"R\": {\"references\": "
                + "{\"a\": \"C\", \"m.b\": \"C\", \"l[]\": \"C\", \"lm[].b\": \"C\", \"deep[].x.y[]\": \"C\", \"self\": \"R\"}}}"));
        assertThat(plan.table("R").references().keySet()).extracting(ReferencePath::text)
                .containsExactly("a", "m.b", "l[]", "lm[].b", "deep[].x.y[]", "self");
        assertThat(ReferencePath.parse("lm[].b").steps())
                .containsExactly(new ReferencePath.Step("lm", true), new ReferencePath.Step("b", false));
    }

    @Test
    void badReferences_areReported() {
        assertThat(problems(minimal("{\"C\": {\"references\": {\"a..b\": \"C\", \"[]\": \"C\", \"x\": \"\", \"y\": 1, \"id\": \"C\"}}}")))
                .containsExactly(
                        "table C, attribute a..b: bad reference path: path 'a..b' has an empty attribute name",
                        "table C, attribute []: bad reference path: path '[]' has an empty attribute name",
                        "table C, attribute x: a reference must name a model, like \"Contacts\", an identity (\"@owner\", \"@sub\", "
                                + "\"@username\", \"@identityId\"), or a pattern, like {\"pattern\": \"ORDER#{id}\", \"id\": \"Orders\"}",
                        "table C, attribute y: a reference must name a model, like \"Contacts\", an identity (\"@owner\", \"@sub\", "
                                + "\"@username\", \"@identityId\"), or a pattern, like {\"pattern\": \"ORDER#{id}\", \"id\": \"Orders\"}",
                        "table C, attribute id: is the table's own ID attribute; it cannot also be a reference");
        assertThat(problems(minimal("{\"C\": {\"references\": [\"a\"]}}")))
                .containsExactly("table C, attribute references: must be an object of path → model");
    }

    @Test
    void patternReferences_parse_onAnyAttribute_theIdAttributeIncluded() {
        MigrationPlan plan = PlanParser.parse(minimal("""
                {"Project": {},
                 "Task": {"references": {"projectId": "Project",
                                         "projectId#createdAt": {"pattern": "{projectId}#{createdAt}", "projectId": "Project"}}},
                 "App": {"idAttribute": "PK",
                         "references": {"PK": {"pattern": "ORG#{id}", "id": "App"},
                                        "SK": [{"pattern": "ORDER#{orderId}", "orderId": "App"}, {"pattern": "PROFILE"}],
                                        "tags[]": {"pattern": "P:{p}", "p": "Project"}}}}"""));
        TablePlan task = plan.table("Task");
        assertThat(task.references()).containsOnlyKeys(ReferencePath.parse("projectId"));
        ValueMapping composite = task.mappings().get(ReferencePath.parse("projectId#createdAt"));
        assertThat(composite.describe()).isEqualTo("{projectId}#{createdAt}");
        assertThat(composite.alternatives().get(0).placeholders()).containsExactly(
                new ValuePattern.Placeholder("projectId", new PlaceholderTarget.Model("Project")),
                new ValuePattern.Placeholder("createdAt", PlaceholderTarget.KEPT));
        assertThat(task.referencedModels()).containsExactly("Project");
        assertThat(task.modelReferences()).containsExactly(Map.entry("projectId", "Project"),
                Map.entry("projectId#createdAt{projectId}", "Project"));
        assertThat(task.idMapped()).isFalse();
        TablePlan app = plan.table("App");
        assertThat(app.idMapped()).isTrue();
        assertThat(app.mappings().get(ReferencePath.parse("SK")).describe()).isEqualTo("ORDER#{orderId}, PROFILE");
        assertThat(app.referencedModels()).containsExactly("App", "Project");
        assertThat(app.modelReferences()).containsOnlyKeys("PK{id}", "SK{orderId}", "tags[]{p}");
    }

    @Test
    void badPatterns_areReported_eachInOneLine() {
        assertThat(problems(minimal("""
                {"C": {"references": {
                   "a": {"pattern": "USER#{sub"},
                   "b": {"pattern": "{x}{y}", "x": "C"},
                   "c": {"pattern": "{projectId}#{createdAt}", "projectID": "C"},
                   "d": {"pattern": "USER#{sub}"},
                   "e": {"pattern": "ORDER#{id}", "id": "Nope"},
                   "f": {"pattern": "ORDER#{id}", "id": 3},
                   "g": {"pat": "ORDER#{id}"},
                   "h": [],
                   "i": [{"pattern": "A#{id}", "id": "C"}, {"pattern": "B#{id}", "id": "D"}],
                   "j": [{"pattern": "PROFILE"}, {"pattern": "X#{v}"}]}},
                 "D": {}}""")))
                .containsExactly(
                        "table C, attribute a: pattern 'USER#{sub' does not parse: '{' at position 6 is not closed (write {{ for a literal brace)",
                        "table C, attribute b: pattern '{x}{y}' does not parse: placeholders {x} and {y} have no text between them, "
                                + "so a value cannot be split",
                        "table C, attribute c: pattern '{projectId}#{createdAt}' has no placeholder {projectID} (its placeholders: "
                                + "projectId, createdAt)",
                        "table C, attribute d: pattern 'USER#{sub}' maps nothing: name what a placeholder holds, like "
                                + "{\"pattern\": \"USER#{sub}\", \"sub\": \"@sub\"}",
                        "table C, attribute f: pattern 'ORDER#{id}': placeholder id must name a model, like \"Orders\", or an identity "
                                + "(\"@sub\", \"@username\", \"@owner\", \"@identityId\"), not 3",
                        "table C, attribute g: a pattern reference must be an object with \"pattern\", like "
                                + "{\"pattern\": \"ORDER#{id}\", \"id\": \"Orders\"}, not {\"pat\":\"ORDER#{id}\"}",
                        "table C, attribute h: an empty list of patterns; give at least one, like {\"pattern\": \"ORDER#{id}\", \"id\": \"Orders\"}",
                        "table C, attribute i: placeholder {id} holds C IDs in one pattern and D IDs in another; give them different names",
                        "table C, attribute j: patterns 'PROFILE', 'X#{v}' map nothing: name what a placeholder holds, like "
                                + "{\"pattern\": \"X#{v}\", \"v\": \"Orders\"}",
                        "table C, attribute e: references unknown model 'Nope' (models in the plan: C, D)");
    }

    /** {@link #minimal} with both sides' Storage buckets. */
    private static String withBuckets(String tables) {
        return minimal(tables).replace("\"-dev-NONE\"}", "\"-dev-NONE\", \"storageBucket\": \"app-storage-dev\"}")
                .replace("\"-prod-NONE\"}", "\"-prod-NONE\", \"storageBucket\": \"app-storage-prod\"}");
    }

    @Test
    void fileReferences_parse_withTheSidesBuckets_inEveryFormat_withPrefixesAndPatterns() {
        MigrationPlan plan = PlanParser.parse(withBuckets("""
                {"Photo": {"files": {"image.key": {"pattern": "protected/{folder}/photos/{id}.jpg", "id": "Photo"},
                                     "thumb": {"prefix": "public/"}, "attachments[]": {"format": "s3url"},
                                     "coverUrl": {"format": "url"},
                                     "upload": {"prefix": "public/", "patterns": [
                                         {"pattern": "boards/{boardId}/{name}", "boardId": "Photo"},
                                         {"pattern": "users/{userId}/{name}", "userId": "Photo"}]}}}}""")
                .replace("\"tables\"", "\"files\": {\"onMissing\": \"keep\"}, \"tables\""));
        assertThat(plan.storage()).isEqualTo(new Storage("app-storage-dev", null, "app-storage-prod", null, MissingFilePolicy.KEEP));
        assertThat(plan.copiesFiles()).isTrue();
        Map<ReferencePath, FileReference> files = plan.table("Photo").files();
        assertThat(files.keySet()).extracting(ReferencePath::text).containsExactly("image.key", "thumb", "attachments[]", "coverUrl",
                "upload");
        assertThat(files.get(ReferencePath.parse("upload")).prefix()).isEqualTo("public/");
        assertThat(files.get(ReferencePath.parse("upload")).mapping().describe()).isEqualTo("boards/{boardId}/{name}, users/{userId}/{name}");
        assertThat(files.get(ReferencePath.parse("thumb"))).isEqualTo(new FileReference(FileFormat.KEY, "public/", null));
        assertThat(files.get(ReferencePath.parse("attachments[]")).format()).isEqualTo(FileFormat.S3_URL);
        assertThat(files.get(ReferencePath.parse("image.key")).mapping().describe()).isEqualTo("protected/{folder}/photos/{id}.jpg");
        assertThat(plan.table("Photo").referencedModels()).as("a file's key names no record to copy first").isEmpty();
        assertThat(PlanParser.parse(minimal("{\"A\": {}}")).storage()).isEqualTo(Storage.NONE);
    }

    @Test
    void badFileReferences_andBuckets_areReported_eachInOneLine() {
        assertThat(problems(minimal("""
                {"A": {"references": {"r": "A"}, "files": {"f": {}, "r": {}, "id": {}, "a..b": {}, "g": "key", "h": {"format": "ftp"},
                       "i": {"format": "url", "prefix": "public/"}, "j": {"prefx": "public/"}, "l": {"prefix": "public/../"},
                       "k": {"pattern": "photos/{id}.jpg", "id": "Nope"}, "m": {"patterns": {"pattern": "a/{id}", "id": "A"}},
                       "n": {"patterns": [{"pattern": "a/{id}", "id": "A"}], "pattern": "b/{id}"}}}}""")
                .replace("\"-dev-NONE\"}", "\"-dev-NONE\", \"storageBucket\": \"Bad_Bucket\"}")))
                .containsExactly(
                        "table A, attribute r: is both a reference and a file; a value is one or the other",
                        "table A, attribute id: is the table's own ID attribute; it cannot hold a file",
                        "table A, attribute a..b: bad file path: path 'a..b' has an empty attribute name",
                        "table A, attribute g: a file reference must be an object, like {\"format\": \"key\", \"prefix\": \"public/\"}, not \"key\"",
                        "table A, attribute h: format must be \"key\", \"s3url\" or \"url\", not \"ftp\"",
                        "table A, attribute i: prefix goes with format \"key\" only: a URL holds the whole key",
                        "table A, attribute j: unknown key \"prefx\" in the file reference (known: format, prefix, pattern and the "
                                + "pattern's placeholders, or patterns)",
                        "table A, attribute l: prefix 'public/../' has a '..' path segment, which HTTP clients resolve away, reaching "
                                + "another key; every object key would begin so",
                        "table A, attribute m: \"patterns\" must be a list of patterns, like [{\"pattern\": \"ORDER#{id}\", \"id\":"
                                + " \"Orders\"}], beside format and prefix only, not {\"pattern\":\"a/{id}\",\"id\":\"A\"}",
                        "table A, attribute n: \"patterns\" must be a list of patterns, like [{\"pattern\": \"ORDER#{id}\", \"id\":"
                                + " \"Orders\"}], beside format and prefix only, not beside \"pattern\" or a placeholder",
                        "table A, attribute k: references unknown model 'Nope' (models in the plan: A)",
                        "source.storageBucket must be an S3 bucket name like my-app-storage-dev, not \"Bad_Bucket\"",
                        "table A, attribute f: a file reference needs both sides' Storage buckets: name source.storageBucket and "
                                + "target.storageBucket",
                        "table A, attribute k: a file reference needs both sides' Storage buckets: name source.storageBucket and "
                                + "target.storageBucket");
        assertThat(problems(withBuckets("{\"A\": {}}").replace("app-storage-prod", "app-storage-dev")
                .replace("\"tables\"", "\"files\": {\"onMissing\": \"skip\"}, \"tables\""))).containsExactly(
                "source.storageBucket and target.storageBucket are the same ('app-storage-dev'): dmig never writes a source bucket; "
                        + "name each environment's own",
                "files.onMissing must be \"refuse\" or \"keep\", not \"skip\"");
    }


    @Test
    void tableEntry_mustBeAnObject() {
        assertThat(problems(minimal("{\"C\": []}")))
                .containsExactly("table C: the table entry must be an object (use {} for all defaults)");
    }

    @Test
    void edits_parse_withSetConstantsOfEveryJsonType() {
        MigrationPlan plan = PlanParser.parse(minimal("""
                {"C": {"rename": {"old": "new"}, "remove": ["gone"],
                       "set": {"price": 1.50, "zero": 0.000, "big": 1000, "text": "x", "flag": true, "none": null,
                               "list": [1, "a"], "map": {"k": 2.0}}}}"""));
        TablePlan c = plan.table("C");
        assertThat(c.rename()).containsExactly(Map.entry("old", "new"));
        assertThat(c.remove()).containsExactly("gone");
        assertThat(c.set()).containsExactly(
                Map.entry("price", AttributeValue.fromN("1.5")),
                Map.entry("zero", AttributeValue.fromN("0")),
                Map.entry("big", AttributeValue.fromN("1000")),
                Map.entry("text", AttributeValue.fromS("x")),
                Map.entry("flag", AttributeValue.fromBool(true)),
                Map.entry("none", AttributeValue.fromNul(true)),
                Map.entry("list", AttributeValue.fromL(List.of(AttributeValue.fromN("1"), AttributeValue.fromS("a")))),
                Map.entry("map", AttributeValue.fromM(Map.of("k", AttributeValue.fromN("2")))));
        assertThat(c.hasEdits()).isTrue();
    }

    @Test
    void setNumber_withMoreThan38Digits_isRejected() {
        assertThat(problems(minimal("{\"C\": {\"set\": {\"n\": 123456789012345678901234567890123456789}}}")))
                .containsExactly("table C, attribute n: set: number 123456789012345678901234567890123456789 has more than "
                        + "the 38 significant digits DynamoDB keeps");
    }

    @Test
    void setNumber_outsideDynamoDbsRange_isRejectedWithoutWritingItOut() {
        // 1e999999999 written out in full is a billion characters: refused from its exponent, at once.
        assertThat(problems(minimal("{\"C\": {\"set\": {\"huge\": 1e999999999, \"tiny\": -1e-131, \"over\": 1E+126,"
                + " \"max\": 9.9999999999999999999999999999999999999E+125, \"min\": 1E-130}}}")))
                .containsExactly(
                        "table C, attribute huge: set: number 1E+999999999 is outside the range DynamoDB stores (1E-130 to"
                                + " 9.9999999999999999999999999999999999999E+125, and as much below zero)",
                        "table C, attribute tiny: set: number -1E-131 is outside the range DynamoDB stores (1E-130 to"
                                + " 9.9999999999999999999999999999999999999E+125, and as much below zero)",
                        "table C, attribute over: set: number 1E+126 is outside the range DynamoDB stores (1E-130 to"
                                + " 9.9999999999999999999999999999999999999E+125, and as much below zero)");
    }

    @Test
    void setNumber_atTheEdgesOfDynamoDbsRange_isKept() {
        TablePlan c = PlanParser.parse(minimal("{\"C\": {\"set\": {\"max\": -9.9999999999999999999999999999999999999E+125,"
                + " \"min\": 1E-130}}}")).table("C");
        assertThat(c.set().get("max").n()).startsWith("-99999999999999999999999999999999999999").hasSize(127);
        assertThat(c.set().get("min").n()).isEqualTo("0." + "0".repeat(129) + "1");
    }

    @Test
    void modelNames_outsideTheCharactersOfATableName_areRejected() {
        assertThat(problems(minimal("{\"Contacts\": {}, \"../../locks/x\": {}, \"Quote Items\": {}, \"line\\nbreak\": {}}")))
                .containsExactly(
                        "model name \"../../locks/x\" must be letters, digits, '_', '.' or '-' (the characters of a DynamoDB table name)",
                        "model name \"Quote Items\" must be letters, digits, '_', '.' or '-' (the characters of a DynamoDB table name)",
                        "model name \"line\\nbreak\" must be letters, digits, '_', '.' or '-' (the characters of a DynamoDB table name)");
    }

    @Test
    void tableNames_outsideDynamoDbsLengths_areRejected() {
        String longModel = "M".repeat(250);
        assertThat(problems("{\"source\": {\"tableSuffix\": \"_\"}, \"target\": {\"tableSuffix\": \"-prod-NONE\"},"
                + " \"idNamespace\": \"n\", \"tables\": {\"A\": {}, \"AB\": {}, \"" + longModel + "\": {}}}"))
                .containsExactly(
                        "table A: the table name \"A_\" is 2 characters long; DynamoDB table names are 3 to 255",
                        "table " + longModel + ": the table name \"" + "M".repeat(60) + "…(260 characters)\" is 260 characters"
                                + " long; DynamoDB table names are 3 to 255");
    }

    @Test
    void tableSuffix_outsideTheCharactersOfATableName_isRejected() {
        assertThat(problems("{\"source\": {\"tableSuffix\": \"-dev/NONE\"}, \"target\": {\"tableSuffix\": \"-prod-NONE\"},"
                + " \"tables\": {\"A\": {}}}"))
                .containsExactly("source.tableSuffix \"-dev/NONE\" must be letters, digits, '_', '.' or '-' (the characters of a"
                        + " DynamoDB table name)");
    }

    @Test
    void uniqueAttributes_areListed_butNotTheIdAttribute() {
        assertThat(PlanParser.parse(minimal("{\"Contacts\": {\"unique\": [\"email\", \"username\"]}}")).table("Contacts").unique())
                .containsExactly("email", "username");
        assertThat(problems(minimal("{\"Contacts\": {\"unique\": [\"id\"]}}"))).containsExactly(
                "table Contacts, attribute id: the ID attribute is unique by its key already; leave it out of \"unique\"");
    }

    @Test
    void keepSourceValues_listsPaths_andEachWrongEntryIsOneLine() {
        assertThat(PlanParser.parse(minimal("{\"Tasks\": {\"keepSourceValues\": [\"legacyRef\", \"audit.by\", \"tags[]\"]}}"))
                .table("Tasks").feature(KeptValues.class).paths()).extracting(ReferencePath::text).containsExactly("legacyRef", "audit.by", "tags[]");
        assertThat(KeptValues.of(PlanParser.parse(minimal("{\"Tasks\": {}}")).table("Tasks"))).isEmpty();
        assertThat(problems(minimal("{\"Tasks\": {\"keepSourceValues\": \"legacyRef\"}}"))).containsExactly(
                "table Tasks, attribute keepSourceValues: must be a list of attribute paths, like [\"legacyRef\", \"audit.by\"]");
        assertThat(problems(minimal("{\"Tasks\": {\"keepSourceValues\": [\"a..b\", 3, \"x\", \"x\", \"id\"]},"
                + " \"Settings\": {\"ids\": \"preserve\", \"keepSourceValues\": [\"id\"]}}"))).containsExactly(
                "table Tasks, attribute a..b: bad path in keepSourceValues: path 'a..b' has an empty attribute name",
                "table Tasks, attribute keepSourceValues: must list attribute paths, like [\"legacyRef\", \"audit.by\"], found 3",
                "table Tasks, attribute x: is named twice in keepSourceValues",
                "table Tasks, attribute id: is the table's ID attribute, which its sha256 IDs always map; leave it out of keepSourceValues");
    }

    @Test
    void setNumber_with38Digits_isKeptExactly() {
        MigrationPlan plan = PlanParser.parse(minimal("{\"C\": {\"set\": {\"n\": 12345678901234567890123456789012345678}}}"));
        assertThat(plan.table("C").set().get("n")).isEqualTo(AttributeValue.fromN("12345678901234567890123456789012345678"));
    }

    @Test
    void setDecimalConstant_keepsEveryDigit() {
        MigrationPlan plan = PlanParser.parse(minimal("{\"C\": {\"set\": {\"rate\": 0.1234567890123456789}}}"));
        assertThat(plan.table("C").set().get("rate")).isEqualTo(AttributeValue.fromN("0.1234567890123456789"));
    }

    @Test
    void idAttribute_cannotBeRenamedRemovedOrSet() {
        assertThat(problems(minimal("{\"C\": {\"idAttribute\": \"pk\", \"rename\": {\"pk\": \"key\"}, \"remove\": [\"pk\"], "
                + "\"set\": {\"pk\": \"x\"}}, \"D\": {\"rename\": {\"other\": \"id\"}}}")))
                .containsExactly(
                        "table C, attribute pk: the ID attribute cannot be renamed or renamed onto",
                        "table C, attribute pk: the ID attribute cannot be removed",
                        "table C, attribute pk: the ID attribute cannot be set to a constant",
                        "table D, attribute id: the ID attribute cannot be renamed or renamed onto");
    }

    @Test
    void twoAttributesRenamedToOneName_isRejected() {
        assertThat(problems(minimal("{\"C\": {\"rename\": {\"a\": \"x\", \"b\": \"x\"}}}")))
                .containsExactly("table C, attribute x: two attributes are renamed to the same name");
    }

    @Test
    void malformedEdits_areReported() {
        assertThat(problems(minimal("{\"C\": {\"rename\": {\"a\": \"\"}, \"remove\": \"a\", \"set\": [1], \"idAttribute\": \"\"}}")))
                .containsExactly(
                        "table C, attribute idAttribute: must be a non-empty string",
                        "table C, attribute a: rename must give a non-empty new name",
                        "table C, attribute remove: must be a list of attribute names",
                        "table C, attribute set: must be an object of attribute → constant");
    }

    @Test
    void explicitNamespace_mustNotBeEmpty() {
        assertThat(problems(minimal("{\"A\": {}}").replace("{\"source\"", "{\"idNamespace\": \"\", \"source\"")))
                .containsExactly("idNamespace must be a non-empty string");
    }

    @Test
    void unknownModel_problemNamesEveryModelOfThePlan() {
        assertThatThrownBy(() -> PlanParser.parse(minimal("{\"A\": {\"references\": {\"b\": \"B\"}}}")))
                .isInstanceOf(PlanInvalidException.class)
                .hasMessage("1 problem, nothing was written: table A, attribute b: references unknown model 'B' (models in the plan: A)");
    }

    @Test
    void sidesInOtherAccounts_carryRegionRoleExternalIdAndEndpoint() {
        MigrationPlan plan = PlanParser.parse("""
                {"source": {"tableSuffix": "-dev", "region": "eu-west-1",
                            "roleArn": "arn:aws:iam::111111111111:role/dmig-source-read", "externalId": "team-42"},
                 "target": {"tableSuffix": "-prod", "endpoint": "http://127.0.0.1:8002"},
                 "tables": {"A": {}}}""");

        assertThat(plan.sourceAccount()).isEqualTo(new dev.dmig.store.Account("eu-west-1",
                "arn:aws:iam::111111111111:role/dmig-source-read", "team-42", null));
        assertThat(plan.targetAccount().endpoint()).hasToString("http://127.0.0.1:8002");
        assertThat(plan.sides().oneAccount()).isFalse();
        assertThat(PlanParser.parse(minimal("{\"A\": {}}")).sides().oneAccount()).isTrue();
    }

    @Test
    void badSideFields_areEachNamed() {
        assertThat(problems("""
                {"source": {"tableSuffix": "-dev", "region": "Europe", "roleArn": "dmig-source-read", "externalId": "x"},
                 "target": {"tableSuffix": "-prod", "externalId": "team-42", "endpoint": "localhost:8000", "profile": "p"},
                 "tables": {"A": {}}}""")).containsExactlyInAnyOrder(
                "unknown key \"profile\" in \"target\" (known: endpoint, externalId, region, roleArn, storageBucket, storageEndpoint, "
                        + "tableSuffix, userPoolEndpoint, userPoolId)",
                "source.region must be a region name like eu-west-1, not \"Europe\"",
                "source.roleArn must be an IAM role ARN like arn:aws:iam::111111111111:role/dmig-source-read, not \"dmig-source-read\"",
                "source.externalId must be 2 to 1224 letters, digits or +=,.@:/-, not \"x\"",
                "target.externalId is set but target.roleArn is not: the external ID goes with the role it is for",
                "target.endpoint must be an http:// or https:// URL of a DynamoDB-compatible server, not \"localhost:8000\"");
    }
}

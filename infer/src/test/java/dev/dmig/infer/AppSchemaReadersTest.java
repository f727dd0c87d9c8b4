package dev.dmig.infer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dmig.plan.IdentityKind;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two readers of an app's declaration: the same app as an Amplify Gen 1 API folder (GraphQL schema with its
 * transform.conf.json) and as Gen 2's amplify_outputs.json (model introspection) reads as the same models, keys,
 * relationships, owners, composite keys and DataStore sync; and what is no schema is refused in one line.
 */
class AppSchemaReadersTest {
    /** What the fixture app declares, in dmig's terms, whichever file says it. */
    private static final Map<String, String> FIXTURE_ROLES = new TreeMap<>(Map.of(
            "Comment", "key id; keys projectCommentsId -> Project; owners owner=@owner; composites -; SYNCED",
            "Project", "key id; keys -; owners owner=@owner; composites -; NOT_SYNCED",
            "ProjectTags", "key id; keys projectId -> Project, tagId -> Tag; owners owner=@owner; composites -; NOT_SYNCED",
            "Tag", "key id; keys -; owners -; composites -; NOT_SYNCED",
            "Task", "key id; keys projectId -> Project; owners editors[]=@owner, owner=@owner;"
                    + " composites projectId#createdAt=[projectId, createdAt], status#createdAt=[status, createdAt]; SYNCED",
            "Team", "key id; keys -; owners admins[]=@sub; composites -; NOT_SYNCED",
            "UserProfile", "key id; keys -; owners id=@sub; composites -; NOT_SYNCED"));

    @TempDir
    Path dir;

    static Path fixture(String name) {
        try {
            return Path.of(AppSchemaReadersTest.class.getResource("/amplify-app/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theGen1ApiFolder_declaresRelationshipsOwnersCompositesAndSync() {
        AppSchema schema = AppSchema.read(fixture("gen1"));

        assertThat(roles(schema)).isEqualTo(FIXTURE_ROLES);
        assertThat(schema.source()).isEqualTo("schema.graphql");
        assertThat(schema.model("Task").orElseThrow().where()).isEqualTo("schema.graphql line 16");
        // Address has no @model: no table, no model.
        assertThat(schema.model("Address")).isEmpty();
        AppSchema.Model comment = schema.model("Comment").orElseThrow();
        assertThat(comment.foreignKeys()).singleElement().satisfies(k -> assertThat(k.declaredBy())
                .isEqualTo("@hasMany on Project.comments (a key the transformer adds)"));
        // The join model's keys: <type>Id with respectPrimaryKeyAttributesOnConnectionField, <type>ID without; the data decides.
        assertThat(schema.model("ProjectTags").orElseThrow().foreignKeys()).extracting(AppSchema.ForeignKey::attributes)
                .containsExactly(List.of("projectId", "projectID"), List.of("tagId", "tagID"));
        assertThat(schema.model("ProjectTags").orElseThrow().where()).isEqualTo("schema.graphql line 13, @manyToMany on Project.tags");
        AppSchema.Model profile = schema.model("UserProfile").orElseThrow();
        assertThat(profile.keyedByUsers()).hasValueSatisfying(o -> {
            assertThat(o.kind()).isEqualTo(IdentityKind.SUB);
            assertThat(o.declaredBy()).isEqualTo("@auth on UserProfile {allow: owner, ownerField: \"id\", identityClaim: \"sub\"}");
        });
        assertThat(schema.model("Task").orElseThrow().composites()).extracting(AppSchema.Composite::declaredBy).containsExactly(
                "@index(name: \"byStatus\", sortKeyFields: [\"status\", \"createdAt\"]) on Task.projectId",
                "@index(name: \"byAssignee\", sortKeyFields: [\"projectId\", \"createdAt\"]) on Task.assignee");
        assertThat(schema.notes()).isEmpty();
    }

    @Test
    void theSameAppAsGen2ModelIntrospection_readsTheSame() {
        AppSchema schema = AppSchema.read(fixture("gen2/amplify_outputs.json"));

        // Model introspection says syncable of every model, as Amplify's codegen writes it: the data decides.
        Map<String, String> claimed = new TreeMap<>();
        FIXTURE_ROLES.forEach((model, roles) -> claimed.put(model, roles.replaceFirst("(NOT_)?SYNCED$", "CLAIMED")));
        assertThat(roles(schema)).isEqualTo(claimed);
        assertThat(schema.source()).isEqualTo("amplify_outputs.json");
        assertThat(schema.model("Task").orElseThrow().where()).isEqualTo("amplify_outputs.json data.model_introspection.models.Task");
        // Project.tags names the join model's connection field (as older codegen writes it): its targetNames give the key.
        assertThat(schema.model("ProjectTags").orElseThrow().foreignKeys()).extracting(AppSchema.ForeignKey::declaredBy)
                .containsExactly("HAS_MANY Project.tags in amplify_outputs.json (associatedWith)",
                        "HAS_MANY Tag.projects in amplify_outputs.json (associatedWith)");
    }

    @Test
    void aFolderOfSchemaFiles_andAProjectFolder_readAsOneSchema() throws IOException {
        String whole = Files.readString(fixture("gen1/schema.graphql"));
        int split = whole.indexOf("type Comment");
        Path api = dir.resolve("amplify/backend/api/app");
        Files.createDirectories(api.resolve("schema"));
        Files.writeString(api.resolve("schema/a-projects.graphql"), whole.substring(0, split));
        Files.writeString(api.resolve("schema/b-rest.graphql"), whole.substring(split));
        Files.copy(fixture("gen1/transform.conf.json"), api.resolve("transform.conf.json"));

        AppSchema schema = AppSchema.read(dir);

        assertThat(roles(schema)).isEqualTo(FIXTURE_ROLES);
        assertThat(schema.source()).isEqualTo("2 schema files");
        assertThat(schema.model("UserProfile").orElseThrow().where()).isEqualTo("schema/b-rest.graphql line 19");
    }

    @Test
    void aSchemaFileAlone_leavesDataStoreToTheData_andV1DirectivesAreNoted() throws IOException {
        Path file = dir.resolve("schema.graphql");
        Files.writeString(file, """
                type Todo @model @auth(rules: [{allow: owner, ownerField: "author", identityClaim: "email"}]) {
                  id: ID!
                  listId: ID @index(name: "byList", sortKeyFields: ["done"])
                  author: String
                  notes: [Note] @connection(keyName: "byTodo", fields: ["id"])
                }
                type Note @model @key(name: "byTodo", fields: ["todoId"]) { id: ID! todoId: ID! }
                """);

        AppSchema schema = AppSchema.read(file);

        assertThat(schema.models()).extracting(AppSchema.Model::sync).containsOnly(AppSchema.Sync.UNKNOWN_CONFIG);
        // A claim dmig does not map is still an owner field, with no kind.
        assertThat(schema.model("Todo").orElseThrow().owners()).singleElement().satisfies(o -> {
            assertThat(o.kind()).isNull();
            assertThat(o.claim()).isEqualTo("email");
        });
        // One sort key field is no composite.
        assertThat(schema.model("Todo").orElseThrow().composites()).isEmpty();
        // @key is a directive of the type, @connection of a field: both named, in one note.
        assertThat(schema.notes()).containsExactly("@connection and @key (transformer v1) are not read: the relationships and keys they"
                + " declare are left to the data");
    }

    /** Gen 1's schema and Gen 2's model introspection keep each field's scalar type: what says an email or a phone. */
    @Test
    void eachModelsScalarFields_keepTheirTypes_inBothFiles() throws IOException {
        Path graphql = Files.writeString(dir.resolve("schema.graphql"), """
                enum Role { ADMIN MEMBER }
                type Org @model { id: ID! name: String }
                type Person @model {
                  id: ID!
                  email: AWSEmail!
                  phones: [AWSPhone]
                  lastSeenFrom: AWSIPAddress
                  born: AWSDate
                  role: Role
                  orgId: ID
                  org: Org @belongsTo(fields: ["orgId"])
                }
                """);
        Path json = Files.writeString(dir.resolve("model-introspection.json"), """
                {"models": {
                  "Org": {"name": "Org", "fields": {"id": {"name": "id", "type": "ID"}, "name": {"name": "name", "type": "String"}},
                          "primaryKeyInfo": {"primaryKeyFieldName": "id", "sortKeyFieldNames": []}},
                  "Person": {"name": "Person", "primaryKeyInfo": {"primaryKeyFieldName": "id", "sortKeyFieldNames": []}, "fields": {
                    "id": {"name": "id", "type": "ID"}, "email": {"name": "email", "type": "AWSEmail", "isRequired": true},
                    "phones": {"name": "phones", "type": "AWSPhone", "isArray": true},
                    "lastSeenFrom": {"name": "lastSeenFrom", "type": "AWSIPAddress"}, "born": {"name": "born", "type": "AWSDate"},
                    "role": {"name": "role", "type": {"enum": "Role"}}, "orgId": {"name": "orgId", "type": "ID"},
                    "org": {"name": "org", "type": {"model": "Org"},
                            "association": {"connectionType": "BELONGS_TO", "targetNames": ["orgId"]}}}}}}
                """);

        for (AppSchema schema : List.of(AppSchema.read(graphql), AppSchema.read(json))) {
            assertThat(schema.model("Person").orElseThrow().scalars()).as(schema.source()).containsExactly(
                    Map.entry("id", "ID"), Map.entry("email", "AWSEmail"), Map.entry("phones", "AWSPhone"),
                    Map.entry("lastSeenFrom", "AWSIPAddress"), Map.entry("born", "AWSDate"), Map.entry("orgId", "ID"));
            assertThat(schema.model("Org").orElseThrow().scalars()).as(schema.source())
                    .containsExactly(Map.entry("id", "ID"), Map.entry("name", "String"));
        }
    }

    @Test
    void aHasManyNamingAnIndexWithoutFields_isThatIndexsPartitionKey_notAKeyTheTransformerAdds() throws IOException {
        Path file = dir.resolve("schema.graphql");
        Files.writeString(file, """
                type Person @model {
                  id: ID!
                  callerOf: [Call] @hasMany(indexName: "byCaller")
                  calleeOf: [Call] @hasMany(indexName: "byCallee")
                }
                type Call @model {
                  id: ID!
                  callerId: ID! @index(name: "byCaller")
                  calleeId: ID! @index(name: "byCallee")
                  caller: Person @belongsTo
                }
                """);

        AppSchema schema = AppSchema.read(file);

        assertThat(schema.model("Call").orElseThrow().foreignKeys()).extracting(k -> k.attributes() + " -> " + k.model() + " by "
                + k.declaredBy()).containsExactly(
                "[callerId] -> Person by @hasMany on Person.callerOf (indexName byCaller: its partition key)",
                "[calleeId] -> Person by @hasMany on Person.calleeOf (indexName byCallee: its partition key)");
    }

    @Test
    void generatedKeys_followTheTransformersNaming() {
        assertThat(GraphqlSchemaReader.generated("Project", "comments", "id")).containsExactly("projectCommentsId");
        // A key not named id: the name differs with respectPrimaryKeyAttributesOnConnectionField.
        assertThat(GraphqlSchemaReader.generated("Blog", "posts", "slug")).containsExactly("blogPostsSlug", "blogPostsId");
        assertThat(GraphqlSchemaReader.kind("")).isEqualTo(IdentityKind.OWNER);
        assertThat(GraphqlSchemaReader.kind("sub")).isEqualTo(IdentityKind.SUB);
        assertThat(GraphqlSchemaReader.kind("cognito:username")).isEqualTo(IdentityKind.USERNAME);
    }

    @Test
    void whatIsNoSchema_isRefusedInOneLine_namingTheFileAndLine() throws IOException {
        Path broken = dir.resolve("schema.graphql");
        Files.writeString(broken, "type Task @model {\n  id: ID!\n  title: String!!\n}\n");
        assertThatThrownBy(() -> AppSchema.read(broken)).isInstanceOf(SchemaException.class).hasMessage(
                "schema.graphql line 3: not a GraphQL schema (unexpected '!' at column 17): give --schema the app's schema.graphql,"
                        + " its amplify/backend/api/<name>/ folder, or amplify_outputs.json");

        Path noModel = dir.resolve("types.graphql");
        Files.writeString(noModel, "type Address { street: String }\n");
        assertThatThrownBy(() -> AppSchema.read(noModel)).hasMessage("types.graphql: no type with @model, so no table: give --schema"
                + " the app's schema.graphql, its amplify/backend/api/<name>/ folder, or amplify_outputs.json");

        Path plan = dir.resolve("plan.json");
        Files.writeString(plan, "{\"source\": {\"tableSuffix\": \"-dev\"}, \"tables\": {}}\n");
        assertThatThrownBy(() -> AppSchema.read(plan)).hasMessage("plan.json: no models of a model introspection schema in it"
                + " (data.model_introspection.models, modelIntrospection.models or models): give --schema amplify_outputs.json (Gen 2),"
                + " amplifyconfiguration.json or model-introspection.json (Gen 1 codegen), or the app's schema.graphql");

        Path notJson = dir.resolve("amplify_outputs.json");
        Files.writeString(notJson, "{\n  \"data\": {\n    \"model_introspection\": [1,,]\n}\n");
        assertThatThrownBy(() -> AppSchema.read(notJson)).isInstanceOf(SchemaException.class)
                .hasMessageStartingWith("amplify_outputs.json line 3: not JSON (");

        Path lonely = dir.resolve("lonely.graphql");
        Files.writeString(lonely, "type Post @model {\n  id: ID!\n  tags: [Tag] @manyToMany(relationName: \"PostTags\")\n}\n"
                + "type Tag @model { id: ID! }\n");
        assertThatThrownBy(() -> AppSchema.read(lonely)).hasMessage("lonely.graphql line 3, @manyToMany on Post.tags: relationName"
                + " \"PostTags\" is used 1 time, and Amplify requires it on exactly two fields: give --schema the app's schema.graphql,"
                + " its amplify/backend/api/<name>/ folder, or amplify_outputs.json");

        Path missing = dir.resolve("nowhere");
        assertThatThrownBy(() -> AppSchema.read(missing)).hasMessage(missing + ": no such file or folder: give --schema the app's"
                + " schema.graphql, its amplify/backend/api/<name>/ folder, or amplify_outputs.json");
    }

    /** Each model's roles in one line, without where the file says them: what both readers must agree on. */
    static Map<String, String> roles(AppSchema schema) {
        Map<String, String> roles = new TreeMap<>();
        for (AppSchema.Model model : schema.models()) {
            String keys = model.foreignKeys().stream().map(k -> k.attribute() + " -> " + k.model()).sorted().collect(Collectors.joining(", "));
            String owners = model.owners().stream().map(o -> o.path() + "=" + (o.kind() == null ? o.claim() : o.kind().planName())).sorted()
                    .collect(Collectors.joining(", "));
            String composites = model.composites().stream().map(c -> c.attribute() + "=" + c.fields()).sorted()
                    .collect(Collectors.joining(", "));
            roles.put(model.name(), "key " + model.partitionKey() + (model.sortKey() == null ? "" : "+" + model.sortKey())
                    + "; keys " + (keys.isEmpty() ? "-" : keys) + "; owners " + (owners.isEmpty() ? "-" : owners)
                    + "; composites " + (composites.isEmpty() ? "-" : composites) + "; " + model.sync());
        }
        return roles;
    }
}

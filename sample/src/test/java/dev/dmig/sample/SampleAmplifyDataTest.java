package dev.dmig.sample;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What the sample holds of an Amplify app besides records and references, and how the shipped plan maps it: the users'
 * identities (paired by the identity map shipped with the plan), a composite sort key with a reference in it, a key
 * holding a user's sub, and soft-deleted DataStore rows.
 */
class SampleAmplifyDataTest {
    private static final Pattern OWNER = Pattern.compile("[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}::[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}");
    private static final SampleData STANDARD = SampleData.standard();
    private static final PlanFile PLAN = PlanFile.shipped();

    @Test
    void shippedIdentityMap_pairsEachUserOfTheSample_devSubToProdSub() {
        StringBuilder expected = new StringBuilder("source_sub,target_sub\n");
        STANDARD.users().forEach(user -> expected.append(user.devSub()).append(',').append(user.prodSub()).append('\n'));
        assertThat(new String(SamplePlan.identities(), StandardCharsets.UTF_8)).isEqualTo(expected.toString());

        Set<String> subs = new HashSet<>();
        STANDARD.users().forEach(user -> {
            subs.add(user.devSub());
            subs.add(user.prodSub());
        });
        assertThat(subs).as("every sub of both pools differs").hasSize(2 * SampleData.USERS);
        assertThat(PLAN.root().at("/identities/csv").asText()).isEqualTo(SamplePlan.IDENTITIES_FILE);
        assertThat(PLAN.root().at("/identities").has("onUnmatched")).as("every user has a match: the default, refuse, holds").isFalse();
    }

    @Test
    void everyIdentityInTheData_isADevUserOfTheMap_signedInByEmail() {
        Set<String> devSubs = new HashSet<>(STANDARD.users().stream().map(SampleData.User::devSub).toList());
        Set<String> owners = new TreeSet<>();
        for (String model : STANDARD.models()) {
            STANDARD.items(model).forEach(item -> item.values().stream().filter(v -> v.s() != null && OWNER.matcher(v.s()).matches())
                    .forEach(v -> owners.add(v.s())));
        }
        assertThat(owners).hasSize(SampleData.USERS).allSatisfy(owner -> {
            String[] parts = owner.split("::");
            assertThat(parts[1]).as("the username of a pool that signs in by email is the sub").isEqualTo(parts[0]);
            assertThat(devSubs).contains(parts[0]);
        });
    }

    @Test
    void everyAttributeHoldingIdentities_isMappedByThePlan() {
        Map<String, Set<String>> holding = new TreeMap<>();
        Map<String, Set<String>> mapped = new TreeMap<>();
        for (PlanFile.TableEntry table : PLAN.tables().values()) {
            if (table.skip()) {
                continue;
            }
            Set<String> attributes = new TreeSet<>();
            STANDARD.items(table.model()).forEach(item -> item.forEach((name, value) -> {
                if (value.s() != null && OWNER.matcher(value.s()).matches()) {
                    attributes.add(name);
                }
            }));
            holding.put(table.model(), attributes);
            Set<String> owners = new TreeSet<>();
            table.identities().forEach((path, kind) -> {
                assertThat(kind).as("%s.%s", table.model(), path).isEqualTo("@owner");
                owners.add(path);
            });
            mapped.put(table.model(), owners);
        }
        assertThat(mapped).isEqualTo(holding);
        assertThat(holding.get("ContactAuditLog")).containsExactly("changedBy", "owner");
        assertThat(holding.get("ProjectPermissions")).containsExactly("grantedBy", "owner");
        assertThat(holding.get("SecureConfig")).isEmpty();
    }

    @Test
    void userProfiles_oneAUserAtEveryScale_keyedByTheirDevSub_ownedByThemselves() {
        for (double scale : new double[] {0.01, 1, 3}) {
            SampleData data = SampleData.scaled(scale);
            List<Map<String, AttributeValue>> profiles = data.items("UserProfiles").toList();
            assertThat(profiles).hasSize(SampleData.USERS);
            assertThat(profiles).extracting(p -> p.get("PK").s())
                    .containsExactlyElementsOf(data.users().stream().map(u -> "USER#" + u.devSub()).toList());
            profiles.forEach(p -> {
                String sub = p.get("PK").s().substring("USER#".length());
                assertThat(p.get("owner").s()).isEqualTo(sub + "::" + sub);
            });
        }
        JsonNode pk = PLAN.table("UserProfiles").patterns().get("PK");
        assertThat(PLAN.table("UserProfiles").idAttribute()).isEqualTo("PK");
        assertThat(pk.get("pattern").asText()).isEqualTo("USER#{sub}");
        assertThat(pk.get("sub").asText()).isEqualTo("@sub");
    }

    @Test
    void quotesCompositeSortKey_isItsProjectAndCreation_mappedByAPattern() {
        Set<String> projects = new HashSet<>(STANDARD.items("Projects").map(p -> p.get("id").s()).toList());
        STANDARD.items("Quotes").forEach(quote -> {
            String composite = quote.get("projectId#createdAt").s();
            assertThat(composite).isEqualTo(quote.get("projectId").s() + "#" + quote.get("createdAt").s());
            assertThat(projects).contains(composite.substring(0, composite.indexOf('#')));
        });
        JsonNode pattern = PLAN.table("Quotes").patterns().get("projectId#createdAt");
        assertThat(pattern.get("pattern").asText()).isEqualTo("{projectId}#{createdAt}");
        assertThat(pattern.get("projectId").asText()).isEqualTo("Projects");
        assertThat(pattern.has("createdAt")).as("the date is kept as it is").isFalse();
    }

    @Test
    void softDeletedRows_areTheDocumentedFewAtEveryScale_inTablesNothingRefersTo() {
        assertThat(SampleData.softDeleted()).extracting(SampleData.SoftDeleted::model)
                .containsExactly("ProjectComments", "ProjectMilestones");
        assertThat(SampleData.SOFT_DELETED_PROJECT_COMMENTS).isEqualTo(4);
        assertThat(SampleData.SOFT_DELETED_PROJECT_MILESTONES).isEqualTo(3);
        for (double scale : new double[] {0.01, 1, 3}) {
            SampleData data = SampleData.scaled(scale);
            Map<String, Integer> deleted = new HashMap<>();
            for (String model : data.models()) {
                data.items(model).filter(item -> item.containsKey("_deleted")).forEach(item -> {
                    assertThat(item.get("_deleted")).isEqualTo(AttributeValue.fromBool(true));
                    assertThat(Long.parseLong(item.get("_ttl").n()) * 1000)
                            .as("removed by DynamoDB 30 days after the delete")
                            .isEqualTo(Long.parseLong(item.get("_lastChangedAt").n()) / 1000 * 1000 + 30 * 86_400_000L);
                    deleted.merge(model, 1, Integer::sum);
                });
            }
            assertThat(deleted).as("scale %s", scale).isEqualTo(Map.of("ProjectComments", SampleData.SOFT_DELETED_PROJECT_COMMENTS,
                    "ProjectMilestones", SampleData.SOFT_DELETED_PROJECT_MILESTONES));
        }
        Set<String> referenced = new HashSet<>();
        PLAN.tables().values().forEach(t -> {
            referenced.addAll(t.references().values());
            t.patterns().values().forEach(p -> p.properties().forEach(e -> referenced.add(e.getValue().asText())));
        });
        assertThat(referenced).doesNotContain("ProjectComments", "ProjectMilestones");
    }

    @Test
    void theShippedPlan_resetsDataStoreRows_asTheDefaultDoes() {
        assertThat(PLAN.root().has("datastore")).isFalse();
        PLAN.tables().values().forEach(t -> assertThat(t.raw().has("datastore")).as(t.model()).isFalse());
    }
}

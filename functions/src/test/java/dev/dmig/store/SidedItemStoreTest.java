package dev.dmig.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

class SidedItemStoreTest {
    private static final Sides SIDES = new Sides("-dev", new Account("eu-west-1", "arn:aws:iam::111111111111:role/r", null, null),
            "-prod", new Account(null, null, null, URI.create("http://127.0.0.1:1")));

    private final InMemoryItemStore sourceAccount = new InMemoryItemStore()
            .createTable("Contacts-dev", "id", ScalarAttributeType.S)
            .put("Contacts-dev", Map.of("id", AttributeValue.fromS("c1")));
    private final InMemoryItemStore targetAccount = new InMemoryItemStore()
            .createTable("Contacts-prod", "id", ScalarAttributeType.S);
    private final ItemStore sided = new SidedItemStore(SIDES, sourceAccount, targetAccount);

    @Test
    void eachTable_isReadInItsSidesAccount() {
        assertThat(sided.describe("Contacts-dev")).isPresent();
        assertThat(sided.describe("Contacts-prod")).isPresent();
        assertThat(sided.scan("Contacts-dev", 0, 1, null, 10, true).items()).hasSize(1);
        assertThat(sided.scan("Contacts-prod", 0, 1, null, 10, true).items()).isEmpty();
        assertThat(sided.listTables()).containsExactlyInAnyOrder("Contacts-dev", "Contacts-prod");
    }

    @Test
    void writes_goToTheTargetAccountOnly() {
        WriteRequest put = WriteRequest.builder().putRequest(PutRequest.builder()
                .item(Map.of("id", AttributeValue.fromS("n1"))).build()).build();

        assertThat(sided.batchWriteOnce("Contacts-prod", List.of(put))).isEmpty();
        assertThat(targetAccount.count("Contacts-prod")).isEqualTo(1);

        assertThatThrownBy(() -> sided.batchWriteOnce("Contacts-dev", List.of(put)))
                .isInstanceOf(StoreRefusedException.class)
                .hasMessage("refusing to write to table Contacts-dev: only tables ending -prod are written, through the target"
                        + " account's client");
        assertThatThrownBy(() -> sided.writeIfOnce("Contacts-dev", List.of(GuardedWrite.ifAbsent(put, "id")))).isInstanceOf(StoreRefusedException.class);
        assertThat(sourceAccount.count("Contacts-dev")).isEqualTo(1);
        assertThat(sourceAccount.writeCalls()).isEmpty();
    }

    @Test
    void aTableOfNeitherSide_isRefused() {
        assertThatThrownBy(() -> sided.describe("Contacts-staging"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("table Contacts-staging carries neither the source suffix -dev nor the target suffix -prod:"
                        + " it is not one of the plan's tables");
    }

    @Test
    void sidesInTheOwnAccount_areReachedByTheStoreItself_andAnAccountIsDescribedWithoutSecrets() {
        InMemoryItemStore own = new InMemoryItemStore();
        assertThat(own.across(new Sides("-dev", Account.OWN, "-prod", Account.OWN))).isSameAs(own);
        assertThat(SIDES.oneAccount()).isFalse();
        assertThat(SIDES.source().describe()).isEqualTo("role arn:aws:iam::111111111111:role/r in eu-west-1");
    }
}

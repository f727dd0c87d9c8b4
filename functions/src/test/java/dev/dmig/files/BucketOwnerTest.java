package dev.dmig.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmig.store.Account;
import dev.dmig.store.S3Endpoints;
import java.net.URI;
import org.junit.jupiter.api.Test;

/**
 * The bucket owner header is said where S3 takes it: AWS's S3 (no endpoint, or a host of amazonaws.com), or an owner a
 * deployed stack names; never to an S3-compatible server of a side's own, which would refuse every request naming it.
 */
class BucketOwnerTest {
    private static final Account ROLE = new Account("us-east-1", "arn:aws:iam::111122223333:role/dmig-read", null, null);

    @Test
    void aSidesRoleAccount_isTheOwner_onAwsS3Only() {
        assertThat(S3Buckets.owner(null, ROLE, null)).isEqualTo("111122223333");
        assertThat(S3Buckets.owner(null, ROLE, URI.create("https://s3.eu-west-1.amazonaws.com"))).isEqualTo("111122223333");
        assertThat(S3Buckets.owner(null, ROLE, URI.create("http://127.0.0.1:9000"))).isNull();
        assertThat(S3Buckets.owner(null, ROLE, URI.create("https://minio.example.com"))).isNull();
    }

    @Test
    void anOwnerTheStackNames_isSaidWherever() {
        assertThat(S3Buckets.owner("444455556666", ROLE, URI.create("http://127.0.0.1:9000"))).isEqualTo("444455556666");
        assertThat(S3Buckets.owner(null, Account.OWN, null)).isNull();
    }

    @Test
    void awsEndpoints_areTheRegionsOrAmazonawsHosts() {
        assertThat(S3Endpoints.aws(null)).isTrue();
        assertThat(S3Endpoints.aws(URI.create("https://s3.cn-north-1.amazonaws.com.cn"))).isTrue();
        assertThat(S3Endpoints.aws(URI.create("http://localhost:4566"))).isFalse();
        assertThat(S3Endpoints.aws(URI.create("https://amazonaws.com.evil.example"))).isFalse();
    }
}

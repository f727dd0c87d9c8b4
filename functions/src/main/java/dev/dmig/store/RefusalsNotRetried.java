package dev.dmig.store;

import java.net.URI;
import java.util.function.Predicate;
import software.amazon.awssdk.retries.api.AcquireInitialTokenRequest;
import software.amazon.awssdk.retries.api.AcquireInitialTokenResponse;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RecordSuccessRequest;
import software.amazon.awssdk.retries.api.RecordSuccessResponse;
import software.amazon.awssdk.retries.api.RefreshRetryTokenRequest;
import software.amazon.awssdk.retries.api.RefreshRetryTokenResponse;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.retries.api.TokenAcquisitionFailedException;

/**
 * The SDK's retry strategy, except that a failure no wait can heal ({@link Refusals}: nothing
 * listening at a named endpoint, an unknown host, access denied) is not retried: eight attempts
 * with backoff only delay the one line that tells the user what to fix.
 */
public final class RefusalsNotRetried implements RetryStrategy {
    private final RetryStrategy delegate;
    private final URI endpoint;

    private RefusalsNotRetried(RetryStrategy delegate, URI endpoint) {
        this.delegate = delegate;
        this.endpoint = endpoint;
    }

    /** {@code endpoint}: the one the client was given, null for AWS's own. */
    public static RefusalsNotRetried wrap(RetryStrategy delegate, URI endpoint) {
        return new RefusalsNotRetried(delegate, endpoint);
    }

    @Override
    public AcquireInitialTokenResponse acquireInitialToken(AcquireInitialTokenRequest request) {
        return delegate.acquireInitialToken(request);
    }

    @Override
    public RefreshRetryTokenResponse refreshRetryToken(RefreshRetryTokenRequest request) {
        if (Refusals.refuses(request.failure(), endpoint)) {
            throw new TokenAcquisitionFailedException("not retried: waiting does not heal it", request.token(), request.failure());
        }
        return delegate.refreshRetryToken(request);
    }

    @Override
    public RecordSuccessResponse recordSuccess(RecordSuccessRequest request) {
        return delegate.recordSuccess(request);
    }

    @Override
    public int maxAttempts() {
        return delegate.maxAttempts();
    }

    @Override
    public boolean useClientDefaults() {
        return delegate.useClientDefaults();
    }

    @Override
    public Builder toBuilder() {
        return new Builder(delegate.toBuilder(), endpoint);
    }

    @Override
    public void close() {
        delegate.close();
    }

    /** The wrapped strategy's builder; what it builds is wrapped again (the SDK rebuilds strategies with client defaults). */
    public static final class Builder implements RetryStrategy.Builder<Builder, RefusalsNotRetried> {
        private final RetryStrategy.Builder<?, ?> delegate;
        private final URI endpoint;

        private Builder(RetryStrategy.Builder<?, ?> delegate, URI endpoint) {
            this.delegate = delegate;
            this.endpoint = endpoint;
        }

        @Override
        public Builder retryOnException(Predicate<Throwable> shouldRetry) {
            delegate.retryOnException(shouldRetry);
            return this;
        }

        @Override
        public Builder maxAttempts(int maxAttempts) {
            delegate.maxAttempts(maxAttempts);
            return this;
        }

        @Override
        public Builder backoffStrategy(BackoffStrategy backoffStrategy) {
            delegate.backoffStrategy(backoffStrategy);
            return this;
        }

        @Override
        public Builder throttlingBackoffStrategy(BackoffStrategy backoffStrategy) {
            delegate.throttlingBackoffStrategy(backoffStrategy);
            return this;
        }

        @Override
        public Builder treatAsThrottling(Predicate<Throwable> treatAsThrottling) {
            delegate.treatAsThrottling(treatAsThrottling);
            return this;
        }

        @Override
        public Builder useClientDefaults(boolean useClientDefaults) {
            delegate.useClientDefaults(useClientDefaults);
            return this;
        }

        @Override
        public RefusalsNotRetried build() {
            return new RefusalsNotRetried(delegate.build(), endpoint);
        }
    }
}

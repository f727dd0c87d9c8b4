package dev.dmig.store;

import java.net.URI;
import java.util.function.Predicate;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
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
 * The SDK's standard retry strategy, declining two kinds of retry. A failure no wait can heal
 * ({@link Refusals}: nothing listening at a named endpoint, an unknown host, access denied) is not
 * retried: eight attempts with backoff only delay the one line that tells the user what to fix. A
 * throttled call made inside {@link #paced} is not retried either: its caller paces that table
 * itself (fewer batches in flight), and SDK retries of a throttled call would only add load and
 * hide the signal. The synchronous client retries on the calling thread, so a flag bound to the
 * thread reaches exactly the calls made inside.
 */
final class SdkRetryStrategy implements RetryStrategy {
    private static final ThreadLocal<Boolean> PACED = new ThreadLocal<>();

    private final RetryStrategy delegate;
    private final URI endpoint;

    private SdkRetryStrategy(RetryStrategy delegate, URI endpoint) {
        this.delegate = delegate;
        this.endpoint = endpoint;
    }

    /** {@code endpoint}: the one the client was given, null for AWS's own. */
    public static SdkRetryStrategy wrap(RetryStrategy delegate, URI endpoint) {
        return new SdkRetryStrategy(delegate, endpoint);
    }

    /** Runs {@code call} with its throttling errors thrown at once instead of retried. */
    public static <T> T paced(Supplier<T> call) {
        Boolean previous = PACED.get();
        PACED.set(Boolean.TRUE);
        try {
            return call.get();
        } finally {
            if (previous == null) {
                PACED.remove();
            } else {
                PACED.set(previous);
            }
        }
    }

    /** ProvisionedThroughputExceededException, ThrottlingException, RequestLimitExceeded, HTTP 429 and the like. */
    public static boolean isThrottling(Throwable failure) {
        return failure instanceof AwsServiceException service && service.isThrottlingException();
    }

    @Override
    public AcquireInitialTokenResponse acquireInitialToken(AcquireInitialTokenRequest request) {
        return delegate.acquireInitialToken(request);
    }

    @Override
    public RefreshRetryTokenResponse refreshRetryToken(RefreshRetryTokenRequest request) {
        if (Boolean.TRUE.equals(PACED.get()) && isThrottling(request.failure())) {
            throw new TokenAcquisitionFailedException("throttled: the caller paces this table", request.token(), request.failure());
        }
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
    public static final class Builder implements RetryStrategy.Builder<Builder, SdkRetryStrategy> {
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
        public SdkRetryStrategy build() {
            return new SdkRetryStrategy(delegate.build(), endpoint);
        }
    }
}

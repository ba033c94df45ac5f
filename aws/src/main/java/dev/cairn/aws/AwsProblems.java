package dev.cairn.aws;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * What went wrong talking to AWS, in one line a person can act on. The SDK's own messages are
 * long (the credential chain's is a paragraph listing every provider it tried) and say what
 * failed rather than what to do.
 */
public final class AwsProblems {
  /** What to do when the default credential chain finds nothing. */
  public static final String NO_CREDENTIALS = "no AWS credentials found: set AWS_ACCESS_KEY_ID and "
      + "AWS_SECRET_ACCESS_KEY (or AWS_PROFILE with ~/.aws/credentials), give the queue accessKeyId and "
      + "secretAccessKey, or run where an instance or task role provides them";

  private AwsProblems() {}

  /**
   * The cause of a failed call, e.g. {@code cannot connect to http://127.0.0.1:9324 (connection
   * refused)}, {@code no AWS credentials found: set …}, {@code SQS answered 400
   * AWS.SimpleQueueService.NonExistentQueue: The specified queue does not exist}.
   *
   * @param endpoint the endpoint called, for connection problems; empty for the AWS default
   */
  public static String describe(SdkException e, String endpoint) {
    if (e instanceof AwsServiceException service) {
      String code = service.awsErrorDetails() == null ? "" : service.awsErrorDetails().errorCode();
      String message = service.awsErrorDetails() == null ? service.getMessage() : service.awsErrorDetails().errorMessage();
      String who = service.awsErrorDetails() == null ? "AWS" : service.awsErrorDetails().serviceName();
      return who + " answered " + service.statusCode() + (code == null || code.isEmpty() ? "" : " " + code)
          + (message == null || message.isEmpty() ? "" : ": " + firstLine(message));
    }
    if (isMissingCredentials(e)) {
      return NO_CREDENTIALS;
    }
    String where = endpoint.isEmpty() ? "AWS" : endpoint;
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof ConnectException) {
        return "cannot connect to " + where + " (connection refused)";
      }
      if (cause instanceof UnknownHostException) {
        return "cannot connect to " + where + " (unknown host " + cause.getMessage() + ")";
      }
      if (cause instanceof NoRouteToHostException) {
        return "cannot connect to " + where + " (no route to host)";
      }
      if (cause instanceof SocketTimeoutException) {
        return "cannot connect to " + where + " (timed out)";
      }
    }
    return firstLine(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
  }

  /**
   * Why {@code provider} (empty: the SDK's default chain) has no credentials, or empty when it has
   * some. Resolving may take a moment on a machine where the chain asks an instance metadata
   * service.
   */
  public static Optional<String> missingCredentials(Optional<AwsCredentialsProvider> provider) {
    AwsCredentialsProvider chain = provider.orElseGet(() -> DefaultCredentialsProvider.builder().build());
    try {
      chain.resolveCredentials();
      return Optional.empty();
    } catch (SdkClientException e) {
      return Optional.of(isMissingCredentials(e) ? NO_CREDENTIALS : describe(e, ""));
    } catch (RuntimeException e) {
      return Optional.of("AWS credentials cannot be loaded: " + firstLine(String.valueOf(e.getMessage())));
    }
  }

  private static boolean isMissingCredentials(SdkException e) {
    String message = e.getMessage();
    return e instanceof SdkClientException && message != null && message.startsWith("Unable to load credentials");
  }

  private static String firstLine(String text) {
    int end = text.indexOf('\n');
    return end < 0 ? text : text.substring(0, end);
  }
}

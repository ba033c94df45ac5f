package dev.cairn.aws;

import dev.cairn.runtime.source.Input;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** An S3 object named by a notice; {@link #open()} streams it straight from the response body. */
final class S3Input implements Input {
  private final S3Client s3;
  private final S3Object object;
  private final Map<String, String> attributes;

  S3Input(S3Client s3, S3Object object) {
    this.s3 = s3;
    this.object = object;
    this.attributes = object.attributes();
  }

  @Override
  public String name() {
    return object.uri();
  }

  @Override
  public Map<String, String> attributes() {
    return attributes;
  }

  /** {@code s3://bucket/key}: object keys are unique per object, as CloudTrail and Firehose write them. */
  @Override
  public Optional<String> progressKey() {
    return Optional.of(object.uri());
  }

  /** The ETag, when the notice carried one: an object written again under the same key is read again. */
  @Override
  public Optional<String> version() {
    return object.etag();
  }

  /** Fetched ahead of decoding: a GET waits out a network round trip. */
  @Override
  public boolean remote() {
    return true;
  }

  /**
   * Starts a GET and returns its body, unbuffered. Failures carry the object's URI and the reason
   * (no such object, access denied, network); so do read errors later on.
   */
  @Override
  public InputStream open() throws IOException {
    try {
      return new ObjectStream(s3.getObject(b -> b.bucket(object.bucket()).key(object.key())), name());
    } catch (S3Exception e) {
      throw new IOException(name() + ": " + reason(e), e);
    } catch (SdkException e) {
      throw new IOException(name() + ": " + e.getMessage(), e);
    }
  }

  static String reason(S3Exception e) {
    String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    String what = switch (e.statusCode()) {
      case 404 -> "NoSuchBucket".equals(code) ? "no such bucket" : "no such object";
      case 403 -> "access denied";
      default -> "S3 error " + e.statusCode();
    };
    return code == null ? what : what + " (" + code + ")";
  }

  @Override
  public String toString() {
    return name();
  }

  /**
   * The response body, with read errors naming the object, and a close that aborts the connection
   * when the body was not read to the end (instead of downloading the rest just to reuse it).
   */
  private static final class ObjectStream extends FilterInputStream {
    private final ResponseInputStream<GetObjectResponse> response;
    private final String name;
    private long position;
    private boolean eof;

    ObjectStream(ResponseInputStream<GetObjectResponse> response, String name) {
      super(response);
      this.response = response;
      this.name = name;
    }

    @Override
    public int read() throws IOException {
      try {
        int b = super.read();
        if (b < 0) {
          eof = true;
        } else {
          position++;
        }
        return b;
      } catch (IOException | SdkException e) {
        throw failure(e);
      }
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      try {
        int n = super.read(buffer, offset, length);
        if (n < 0) {
          eof = true;
        } else {
          position += n;
        }
        return n;
      } catch (IOException | SdkException e) {
        throw failure(e);
      }
    }

    @Override
    public long skip(long n) throws IOException {
      long skipped = super.skip(n);
      position += skipped;
      return skipped;
    }

    private IOException failure(Exception e) {
      return new IOException(name + ": read failed at byte " + position + ": " + e.getMessage(), e);
    }

    @Override
    public void close() throws IOException {
      if (!eof) {
        response.abort();
      }
      super.close();
    }
  }
}

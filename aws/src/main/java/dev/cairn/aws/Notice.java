package dev.cairn.aws;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/** What one SQS message body means, as {@link NoticeParser} understood it. */
sealed interface Notice {

  /** For logs: which shape the body had. */
  String shape();

  /**
   * The body names S3 objects (possibly none).
   *
   * @param shape e.g. {@code cloudtrail-sns}, {@code s3-event via sns}
   * @param objects the objects, in the notice's order
   */
  record S3Objects(String shape, List<S3Object> objects) implements Notice {
    public S3Objects {
      Objects.requireNonNull(shape, "shape");
      objects = List.copyOf(objects);
    }
  }

  /**
   * The body is itself an event (EventBridge delivered it straight to SQS).
   *
   * @param shape e.g. {@code eventbridge-cloudtrail}
   * @param json the event's JSON text
   * @param attributes facts from the envelope: {@code detailType}, {@code accountId}, {@code region}
   */
  record Inline(String shape, String json, Map<String, String> attributes) implements Notice {
    public Inline {
      Objects.requireNonNull(shape, "shape");
      Objects.requireNonNull(json, "json");
      attributes = Map.copyOf(attributes);
    }
  }

  /**
   * A notice that carries no work and is acknowledged: S3 test events, CloudTrail's validation
   * message, object removals.
   */
  record Ignored(String shape, String reason) implements Notice {
    public Ignored {
      Objects.requireNonNull(shape, "shape");
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** A body nobody can use; left for redelivery so the redrive policy moves it to the DLQ. */
  record Poison(String reason) implements Notice {
    public Poison {
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String shape() {
      return "unknown";
    }
  }
}

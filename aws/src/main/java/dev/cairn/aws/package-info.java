/**
 * AWS sources and sinks: {@link dev.cairn.aws.SqsSource} reads the log files an SQS queue announces,
 * in every notice shape AWS sends; {@link dev.cairn.aws.SnsChannel} publishes alerts to an SNS topic.
 * The only package that uses the AWS SDK.
 */
package dev.cairn.aws;

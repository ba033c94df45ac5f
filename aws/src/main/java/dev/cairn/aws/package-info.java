/**
 * AWS sources: {@link dev.cairn.aws.SqsSource} reads the log files an SQS queue announces, in every
 * notice shape AWS sends. The only package that uses the AWS SDK.
 */
package dev.cairn.aws;

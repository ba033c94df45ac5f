/**
 * CloudWatch's alarm evaluation as pure functions: periods from datapoints ({@link
 * dev.cairn.alarm.evaluate.Periods}) and the state from the evaluation range ({@link
 * dev.cairn.alarm.evaluate.Evaluator}), with the AWS tables as tests.
 */
package dev.cairn.alarm.evaluate;

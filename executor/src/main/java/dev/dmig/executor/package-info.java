/**
 * The in-process executor of dmig's state machine: the same Amazon States Language file that Step
 * Functions runs, run here with Step Functions' semantics, or refused.
 *
 * <p>{@link dev.dmig.executor.StateMachine#parse} accepts the JSONPath flavour of ASL with Task,
 * Pass, Choice, Map (inline, and distributed with STANDARD child executions, run like inline, each
 * child with a history of its own; {@code MaxConcurrencyPath}; an {@code ItemReader} of one JSON
 * array in S3, {@code s3:getObject} with {@code InputType: JSON}, read through an
 * {@link dev.dmig.executor.ObjectSource}), Wait, Succeed and Fail states, and refuses, with a one-line
 * {@link dev.dmig.executor.UnsupportedDefinitionException}, everything else: Parallel, JSONata,
 * variables ({@code Assign}), {@code Arguments}/{@code Output}, other item readers (CSV, JSONL,
 * manifests, {@code listObjectsV2}, ...), {@code ResultWriter}, {@code ItemBatcher}, tolerated failures, heartbeats, credentials,
 * Timestamp comparisons, {@code States.MathRandom}, context fields it does not provide, and
 * malformed definitions (missing or unreachable states, duplicate names, misplaced
 * {@code States.ALL}, ...).
 *
 * <p>Choices made where Step Functions' documentation leaves room:
 * <ul>
 *   <li>{@code States.Runtime} and {@code States.DataLimitExceeded} are terminal: no retrier or
 *       catcher handles them, and naming them in {@code ErrorEquals} is refused.</li>
 *   <li>{@code States.TaskFailed} matches every error except {@code States.Timeout} (and the
 *       terminal ones), as the error-handling guide words it.</li>
 *   <li>A path in {@code Parameters}, {@code ResultSelector} or {@code ItemSelector} that matches
 *       nothing is {@code States.Runtime}, as Step Functions reports it (not
 *       {@code States.ParameterPathFailure}).</li>
 *   <li>{@code MaxAttempts} counts per retrier and error name, while the interval grows with each
 *       retry the retrier makes, following the ASL specification's worked example.</li>
 *   <li>When a Map iteration fails, no further iteration starts, running ones stop at their next
 *       state, and the Map fails once all have stopped. An inline Map fails with the iteration's
 *       error; a distributed Map with {@code States.ExceedToleratedFailureThreshold}.</li>
 *   <li>The payload limit (256 KB of UTF-8 JSON) applies to the execution input, a Task's input
 *       after {@code Parameters}, a Task's result, and every state's output.</li>
 * </ul>
 */
package dev.dmig.executor;

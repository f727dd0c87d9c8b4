/**
 * The in-process executor of dmig's state machine: the same Amazon States Language file that Step
 * Functions runs, run here with Step Functions' semantics, or refused.
 *
 * <p>Its face, what other modules may name (docs/development.md, "Faces"): its public types; it
 * imports nothing of dmig, so it cannot carry the {@code @Face} mark, which is the functions module's.
 *
 * <p>{@link dev.dmig.executor.StateMachine#parse} accepts what {@code statemachine/migration.asl.json}
 * uses, in the JSONPath flavour of ASL: Task, Pass, Choice, Map (inline, and distributed with
 * STANDARD child executions, run like inline, each child with a history of its own;
 * {@code MaxConcurrencyPath}; an {@code ItemReader} of one JSON array in S3, {@code s3:getObject}
 * with {@code InputType: JSON}, read through an {@link dev.dmig.executor.ObjectSource}), Succeed and
 * Fail states; the intrinsic functions {@code States.ArrayRange} and {@code States.MathAdd}; every
 * Choice comparison but the Timestamp ones. It refuses, with a one-line
 * {@link dev.dmig.executor.UnsupportedDefinitionException} naming the state and the construct,
 * everything else: Wait and Parallel states, every other intrinsic function (and any in a Fail
 * state's {@code ErrorPath} or {@code CausePath}), a Map's legacy {@code Iterator} and
 * {@code Parameters}, JSONata, variables ({@code Assign}), {@code Arguments}/{@code Output}, other
 * item readers (CSV, JSONL, manifests, {@code listObjectsV2}, ...), {@code ResultWriter},
 * {@code ItemBatcher}, tolerated failures, heartbeats, credentials, Timestamp comparisons, context
 * fields it does not provide, and malformed definitions (missing or unreachable states, duplicate
 * names, misplaced {@code States.ALL}, ...).
 *
 * <p>Where each state type lives: {@link dev.dmig.executor.DefinitionParser} parses and checks every
 * type into a {@link dev.dmig.executor.State} record; {@link dev.dmig.executor.Run} runs an execution
 * (the state loop, retriers and catchers, Task, Pass, Choice, Succeed and Fail);
 * {@link dev.dmig.executor.MapIterations} runs a Map state, inline or distributed.
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
 *   <li>An intrinsic's non-integer argument is rounded to the nearest integer, as documented; one
 *       halfway between two integers fails with {@code States.IntrinsicFailure}, since which way
 *       Step Functions rounds a tie is not documented. {@code States.ArrayRange} whose increment
 *       leads away from its final value returns an empty array.</li>
 * </ul>
 */
package dev.dmig.executor;

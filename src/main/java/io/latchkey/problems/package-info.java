/**
 * Errors as RFC 9457 {@code application/problem+json}.
 *
 * <p>Boundaries and entities throw {@link io.latchkey.problems.ProblemException}; the mappers here turn
 * it, and every exception the JAX-RS runtime raises (unknown path, wrong method, wrong content type),
 * into a {@link io.latchkey.problems.Problem} with a stable {@code code}. An unexpected exception becomes
 * a 500 whose body says nothing about the cause; the cause goes to the server log with the request id.
 *
 * <p>A refusal is an expected outcome, never a fault: when one leaves a transactional boundary,
 * {@link io.latchkey.problems.RefusalRollback} rolls the transaction back without the server reporting an
 * incident.
 */
package io.latchkey.problems;

package io.latchkey.problems;

import io.latchkey.platform.Refusal;
import jakarta.annotation.Priority;
import jakarta.annotation.Resource;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import jakarta.transaction.Status;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;

/**
 * A refusal undoes the transaction it ends, as any runtime exception would, without looking like a fault.
 *
 * <p>Boundaries declare {@code @Transactional(dontRollbackOn = {Refusal.class, ProblemException.class})}:
 * left to the platform's transaction interceptor, a refusal would roll back, but some servers (Open
 * Liberty) also file every runtime exception that rolls a transaction back as an incident report (FFDC),
 * and a refusal is an expected outcome. This interceptor runs inside that transaction (bound to every
 * {@code @Transactional} method, after the platform's own) and marks it rollback-only before the refusal
 * leaves, so the platform rolls it back instead of committing, quietly.
 */
@Transactional
@Interceptor
@Priority(Interceptor.Priority.APPLICATION)
public class RefusalRollback {

    @Resource
    TransactionSynchronizationRegistry transactions;

    @AroundInvoke
    Object rollBackRefusals(InvocationContext invocation) throws Exception {
        try {
            return invocation.proceed();
        } catch (Refusal | ProblemException refused) {
            if (transactions.getTransactionStatus() == Status.STATUS_ACTIVE) {
                transactions.setRollbackOnly();
            }
            throw refused;
        }
    }
}

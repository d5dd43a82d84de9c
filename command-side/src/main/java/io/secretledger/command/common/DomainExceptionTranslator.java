package io.secretledger.command.common;

import io.secretledger.api.common.ErrorCode;
import io.secretledger.api.common.ErrorDetails;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConflictingAggregateVersionException;

/**
 * The one place where refusals of the command side become {@link CommandExecutionException}s with
 * {@link ErrorDetails}, which survive the trip through Axon Server and reach the API as stable codes.
 */
public class DomainExceptionTranslator implements MessageHandlerInterceptor<CommandMessage<?>> {

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain)
            throws Exception {
        try {
            return chain.proceed();
        } catch (DomainException e) {
            throw new CommandExecutionException(e.getMessage(), null, e.details());
        } catch (AggregateNotFoundException e) {
            throw new CommandExecutionException("not found", null,
                    ErrorDetails.of(ErrorCode.NOT_FOUND, "id", "No such record in this workspace"));
        } catch (ConflictingAggregateVersionException e) {
            ErrorDetails details = new ErrorDetails(ErrorCode.CONFLICT, "expectedVersion",
                    "The record changed since you read it; reload and apply your change again",
                    e.getActualVersion(), java.util.List.of());
            throw new CommandExecutionException(details.message(), null, details);
        }
    }
}

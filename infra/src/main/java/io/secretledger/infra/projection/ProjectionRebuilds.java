package io.secretledger.infra.projection;

import io.secretledger.api.common.ErrorCode;
import io.secretledger.api.common.ErrorDetails;
import io.secretledger.api.projection.FindProjections;
import io.secretledger.api.projection.ProjectionStatus;
import io.secretledger.api.projection.RebuildProjection;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.queryhandling.QueryHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Rebuilds a projection of this process: stops its processor, resets its tracking token to the start of the event
 * store (the projection's {@code @ResetHandler} clears its collections), starts it again, and logs its progress
 * every two seconds until it has caught up; {@link FindProjections} shows the same progress. With Axon Server,
 * this rebuilds the processor of the instance that takes the command; Axon Server's own tools do it across
 * instances.
 */
@Component
class ProjectionRebuilds implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ProjectionRebuilds.class);

    private final EventProcessingConfiguration processing;
    private final ScheduledExecutorService progressLog = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "projection-rebuild-progress");
        thread.setDaemon(true);
        return thread;
    });

    ProjectionRebuilds(EventProcessingConfiguration processing) {
        this.processing = processing;
    }

    @CommandHandler
    ProjectionStatus handle(RebuildProjection command) {
        StreamingEventProcessor processor = processing.eventProcessor(command.name(), StreamingEventProcessor.class)
                .orElseThrow(() -> refused(ErrorCode.NOT_FOUND, "No projection is called " + command.name()));
        if (!processor.supportsReset()) {
            throw refused(ErrorCode.VALIDATION, "Projection " + command.name() + " cannot be rebuilt");
        }
        if (status(command.name(), processor).replaying()) {
            throw refused(ErrorCode.CONFLICT, "Projection " + command.name() + " is being rebuilt already");
        }
        log.info("Rebuilding projection {} for {}: clearing it and replaying the event store", command.name(),
                command.actor().displayName());
        processor.shutDown();
        processor.resetTokens();
        processor.start();
        ScheduledFuture<?>[] task = new ScheduledFuture<?>[1];
        task[0] = progressLog.scheduleAtFixedRate(() -> {
            ProjectionStatus status = status(command.name(), processor);
            if (status.replaying()) {
                log.info("Rebuilding projection {}: position {} of {} ({}%)", status.name(), status.position(),
                        status.replayUpTo(), status.progress() == null ? "?" : Math.round(status.progress() * 100));
            } else {
                log.info("Rebuilt projection {}: at position {}", status.name(), status.position());
                task[0].cancel(false);
            }
        }, 2, 2, TimeUnit.SECONDS);
        return status(command.name(), processor);
    }

    @QueryHandler
    ProjectionStatus.All handle(FindProjections query) {
        List<ProjectionStatus> statuses = new ArrayList<>();
        for (Map.Entry<String, EventProcessor> entry : processing.eventProcessors().entrySet()) {
            if (entry.getValue() instanceof StreamingEventProcessor streaming) {
                statuses.add(status(entry.getKey(), streaming));
            }
        }
        statuses.sort(java.util.Comparator.comparing(ProjectionStatus::name));
        return new ProjectionStatus.All(statuses);
    }

    static ProjectionStatus status(String name, StreamingEventProcessor processor) {
        Collection<EventTrackerStatus> segments = processor.processingStatus().values();
        boolean replaying = segments.stream().anyMatch(ProjectionRebuilds::replaying);
        boolean caughtUp = !segments.isEmpty() && segments.stream().allMatch(EventTrackerStatus::isCaughtUp);
        Long position = segments.stream().map(EventTrackerStatus::getCurrentPosition).filter(OptionalLong::isPresent)
                .map(OptionalLong::getAsLong).min(Long::compare).orElse(null);
        Long replayUpTo = replaying ? segments.stream().map(EventTrackerStatus::getResetPosition)
                .filter(OptionalLong::isPresent).map(OptionalLong::getAsLong).max(Long::compare).orElse(null) : null;
        Double progress = replaying && replayUpTo != null && replayUpTo > 0
                ? Math.min(1.0, (position == null ? 0 : position) / (double) replayUpTo) : null;
        String error = segments.stream().filter(EventTrackerStatus::isErrorState).findFirst()
                .map(status -> status.getError() == null ? "error" : status.getError().getClass().getSimpleName())
                .orElse(null);
        return new ProjectionStatus(name, processor.isRunning(), replaying, caughtUp, position, replayUpTo, progress,
                error);
    }

    /**
     * Axon keeps a segment "replaying" after it handled the last event of the replay, until a newer event arrives;
     * for a person the rebuild is done once the segment has reached the position it was reset from.
     */
    private static boolean replaying(EventTrackerStatus segment) {
        return segment.isReplaying() && segment.getCurrentPosition().orElse(-1)
                < segment.getResetPosition().orElse(Long.MAX_VALUE);
    }

    private static CommandExecutionException refused(ErrorCode code, String message) {
        return new CommandExecutionException(message, null, ErrorDetails.of(code, "name", message));
    }

    @Override
    public void destroy() {
        progressLog.shutdownNow();
    }
}

package io.secretledger.api.projection;

import java.util.List;

/**
 * One projection (an event processor) and its progress.
 *
 * @param replaying  whether it is rebuilding
 * @param position   the position in the event store it has reached, if any
 * @param replayUpTo while rebuilding: the position it was at when the rebuild began
 * @param progress   while rebuilding: position over replayUpTo, from 0 to 1
 */
public record ProjectionStatus(String name, boolean running, boolean replaying, boolean caughtUp, Long position,
                               Long replayUpTo, Double progress, String error) {

    public record All(List<ProjectionStatus> projections) {
    }
}

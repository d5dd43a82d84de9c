package io.secretledger.api.departure;

import io.secretledger.api.common.ErrorDetails;

import java.util.List;

/**
 * The answer to {@link FindDepartureReport}: who the subject is, how many exposures the range holds, and the
 * distinct fields still to rotate. {@code refusal} is set instead (FORBIDDEN for a viewer who does not own the
 * account, NOT_FOUND on {@code memberId} for a subject the workspace never had) and the rest is then empty.
 */
public record DepartureReport(ErrorDetails refusal, DepartureSubject subject, long exposureCount,
                              List<FieldToRotate> toRotate) {

    public DepartureReport {
        toRotate = toRotate == null ? List.of() : List.copyOf(toRotate);
    }

    public static DepartureReport refused(ErrorDetails refusal) {
        return new DepartureReport(refusal, null, 0, List.of());
    }
}

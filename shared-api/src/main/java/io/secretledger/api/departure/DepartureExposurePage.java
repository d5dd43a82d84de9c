package io.secretledger.api.departure;

import io.secretledger.api.common.ErrorDetails;

import java.util.List;

/** A page of {@link FindDepartureExposures}; {@code refusal} as in {@link DepartureReport}. */
public record DepartureExposurePage(ErrorDetails refusal, List<DepartureExposure> exposures, boolean hasNext) {

    public DepartureExposurePage {
        exposures = exposures == null ? List.of() : List.copyOf(exposures);
    }

    public static DepartureExposurePage refused(ErrorDetails refusal) {
        return new DepartureExposurePage(refusal, List.of(), false);
    }
}

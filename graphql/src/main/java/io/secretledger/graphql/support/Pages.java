package io.secretledger.graphql.support;

import io.secretledger.api.common.ErrorCode;
import io.secretledger.graphql.error.ApiException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.domain.KeysetScrollPosition;
import org.springframework.data.domain.ScrollPosition;
import org.springframework.graphql.data.query.ScrollSubrange;
import org.springframework.stereotype.Component;

import java.util.Map;

/** Relay pagination: page sizes are capped, only forward paging with keyset cursors. */
@Component
public class Pages {

    private final int defaultSize;
    private final int maxSize;

    Pages(@Value("${secretledger.graphql.default-page-size:20}") int defaultSize,
          @Value("${secretledger.graphql.max-page-size:100}") int maxSize) {
        this.defaultSize = defaultSize;
        this.maxSize = maxSize;
    }

    public int size(ScrollSubrange subrange) {
        if (!subrange.forward()) {
            throw new ApiException(ErrorCode.VALIDATION, "last", "Only forward paging (first/after) is supported");
        }
        int size = subrange.count().orElse(defaultSize);
        if (size < 1 || size > maxSize) {
            throw new ApiException(ErrorCode.VALIDATION, "first", "A page has 1 to " + maxSize + " items");
        }
        return size;
    }

    /** The keys of the {@code after} cursor, empty on the first page. */
    public Map<String, Object> keysetAfter(ScrollSubrange subrange) {
        ScrollPosition position = subrange.position().orElse(null);
        if (position == null || position.isInitial()) {
            return Map.of();
        }
        if (position instanceof KeysetScrollPosition keyset) {
            return keyset.getKeys();
        }
        throw new ApiException(ErrorCode.VALIDATION, "after", "Not a cursor of this list");
    }
}

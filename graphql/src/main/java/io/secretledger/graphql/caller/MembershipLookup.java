package io.secretledger.graphql.caller;

import io.secretledger.api.workspace.FindMemberships;
import io.secretledger.api.workspace.Memberships;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The workspaces a person signed in at an identity provider belongs to, kept for a short while per person so that a
 * request costs no query. A member removed meanwhile is still refused by the Workspace at every command, and by the
 * views that check a viewer; an acceptance in this process is seen at once ({@link #forget}).
 */
@Component
public class MembershipLookup {

    private static final int MAX_KEPT = 10_000;

    private final QueryGateway queries;
    private final long keptNanos;
    private final Map<String, Known> known = new ConcurrentHashMap<>();
    /** When each person's memberships were last forgotten: a lookup that began before must not keep its answer. */
    private final Map<String, Long> forgotten = new ConcurrentHashMap<>();

    MembershipLookup(QueryGateway queries, @Value("${secretledger.auth.membership-cache:2s}") Duration kept) {
        this.queries = queries;
        this.keptNanos = kept.toNanos();
    }

    public Memberships of(String issuer, String subject) {
        String key = issuer + "|" + subject;
        long now = System.nanoTime();
        Known entry = known.get(key);
        if (entry != null && now - entry.at() < keptNanos) {
            return entry.memberships();
        }
        Memberships memberships = queries.query(new FindMemberships(issuer, subject), Memberships.class)
                .orTimeout(10, TimeUnit.SECONDS).join();
        if (memberships == null) {
            memberships = new Memberships(java.util.List.of());
        }
        if (known.size() >= MAX_KEPT) {
            known.clear();
        }
        Long forgottenAt = forgotten.get(key);
        if (forgottenAt == null || forgottenAt - now < 0) {
            known.put(key, new Known(memberships, now));
        }
        return memberships;
    }

    /** After this process changed the person's memberships: the next request asks again. */
    public void forget(String issuer, String subject) {
        if (forgotten.size() >= MAX_KEPT) {
            forgotten.clear();
        }
        forgotten.put(issuer + "|" + subject, System.nanoTime());
        known.remove(issuer + "|" + subject);
    }

    private record Known(Memberships memberships, long at) {
    }
}

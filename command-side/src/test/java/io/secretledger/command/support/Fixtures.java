package io.secretledger.command.support;

import io.secretledger.api.common.Actor;
import io.secretledger.api.common.ErrorCode;
import io.secretledger.api.common.ErrorDetails;
import io.secretledger.api.common.Permission;
import io.secretledger.api.workspace.WorkspaceSettings;
import io.secretledger.command.crypto.FieldCipher;
import io.secretledger.command.crypto.ConfiguredMasterKeys;
import io.secretledger.command.crypto.DataKeys;
import io.secretledger.command.crypto.InMemoryKeyVault;
import io.secretledger.command.crypto.KeyHierarchy;
import io.secretledger.command.template.TemplateCatalog;
import io.secretledger.command.template.TemplateDefinition;
import io.secretledger.command.ticket.TicketDirectory;
import io.secretledger.policy.TicketState;
import io.secretledger.policy.Member;
import io.secretledger.command.workspace.WorkspaceDirectory;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Collaborators for fixture tests: an in-memory directory and catalog, a fixed key and countable nonces. */
public final class Fixtures {

    public static final String WORKSPACE = "ws-1";
    public static final String OTHER_WORKSPACE = "ws-2";
    public static final Actor OWNER = Actor.member("owner-1", "owner@example.com");
    public static final Actor VIEWER = Actor.member("viewer-1", "viewer@example.com");
    public static final Actor STRANGER = Actor.member("stranger-1", "stranger@example.com");

    private Fixtures() {
    }

    public static Directory directory() {
        Directory directory = new Directory();
        directory.put(WORKSPACE, OWNER, Permission.ACCOUNT_OWNER);
        directory.put(WORKSPACE, VIEWER, Permission.VIEW_ASSIGNED);
        return directory;
    }

    /** A real key hierarchy over a configured master key and a key vault in memory. */
    public static KeyHierarchy keys() {
        byte[] master = new byte[32];
        Arrays.fill(master, (byte) 3);
        return new KeyHierarchy(new ConfiguredMasterKeys(Base64.getEncoder().encodeToString(master), List.of()),
                new InMemoryKeyVault(), new CountingRandom());
    }

    public static FieldCipher cipher(KeyHierarchy keys) {
        return new FieldCipher(keys, new CountingRandom());
    }

    public static FieldCipher cipher() {
        return cipher(keys());
    }

    public static Matcher<Object> refusedWith(ErrorCode code, String field) {
        return new TypeSafeMatcher<>() {
            @Override
            protected boolean matchesSafely(Object item) {
                return item instanceof ErrorDetails details && details.code() == code
                        && (field == null || field.equals(details.field()));
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("refusal " + code + (field == null ? "" : " of field " + field));
            }
        };
    }

    public static final class Directory implements WorkspaceDirectory {
        private final Map<String, Member> members = new HashMap<>();
        private final Map<String, WorkspaceSettings> settings = new HashMap<>();

        public void put(String workspaceId, WorkspaceSettings workspaceSettings) {
            settings.put(workspaceId, workspaceSettings);
        }

        @Override
        public Optional<WorkspaceSettings> settings(String workspaceId) {
            return Optional.of(settings.getOrDefault(workspaceId, WorkspaceSettings.defaults()));
        }


        public void put(String workspaceId, Actor actor, Permission... permissions) {
            members.put(workspaceId + "/" + actor.id(), new Member(actor.id(), actor.displayName(), null, null, Set.of(permissions)));
        }

        public void remove(String workspaceId, Actor actor) {
            members.remove(workspaceId + "/" + actor.id());
        }

        private final Map<String, io.secretledger.command.workspace.Workspace.ServiceAccount> accounts = new HashMap<>();

        public void put(String workspaceId, io.secretledger.command.workspace.Workspace.ServiceAccount account) {
            accounts.put(workspaceId + "/" + account.serviceAccountId(), account);
        }

        @Override
        public Optional<io.secretledger.command.workspace.Workspace.ServiceAccount> serviceAccount(String workspaceId,
                                                                                                 String serviceAccountId) {
            return Optional.ofNullable(accounts.get(workspaceId + "/" + serviceAccountId));
        }

        @Override
        public Optional<Member> member(String workspaceId, String memberId) {
            return Optional.ofNullable(members.get(workspaceId + "/" + memberId));
        }

        @Override
        public List<Member> members(String workspaceId) {
            return members.entrySet().stream().filter(e -> e.getKey().startsWith(workspaceId + "/"))
                    .map(Map.Entry::getValue).toList();
        }

        private final Map<String, List<io.secretledger.api.integration.EgressRule>> egress = new HashMap<>();

        public void put(String workspaceId, List<io.secretledger.api.integration.EgressRule> rules) {
            egress.put(workspaceId, rules);
        }

        @Override
        public List<io.secretledger.api.integration.EgressRule> egressRules(String workspaceId) {
            return egress.getOrDefault(workspaceId, List.of());
        }
    }

    public static final class Tickets implements TicketDirectory {
        private final Map<String, TicketState> tickets = new HashMap<>();

        public Tickets with(TicketState ticket) {
            tickets.put(ticket.ticketId(), ticket);
            return this;
        }

        @Override
        public Optional<TicketState> find(String workspaceId, String ticketId) {
            return Optional.ofNullable(tickets.get(ticketId)).filter(t -> t.workspaceId().equals(workspaceId));
        }
    }

    /** Requests' grants by secret and member. */
    public static final class Grants implements io.secretledger.command.accessrequest.TemporaryAccessDirectory {
        private final Map<String, io.secretledger.policy.TemporaryAccess> grants = new HashMap<>();
        /** How many times a grant was looked up. */
        public int lookups;

        public Grants with(String secretId, String memberId, io.secretledger.policy.TemporaryAccess grant) {
            grants.put(secretId + "/" + memberId, grant);
            return this;
        }

        @Override
        public Optional<io.secretledger.policy.TemporaryAccess> find(String workspaceId, String secretId,
                                                                     String memberId) {
            lookups++;
            return Optional.ofNullable(grants.get(secretId + "/" + memberId));
        }
    }

    public static final class Catalog implements TemplateCatalog {
        private final Map<String, TemplateDefinition> templates = new HashMap<>();

        public Catalog with(TemplateDefinition template) {
            templates.put(template.templateId(), template);
            return this;
        }

        @Override
        public Optional<TemplateDefinition> find(String workspaceId, String templateId) {
            return Optional.ofNullable(templates.get(templateId)).filter(t -> t.workspaceId().equals(workspaceId));
        }
    }

    /** One fixed data key for every secret, for tests of the cipher alone. */
    public static final class FixedKey implements DataKeys {
        private final byte[] key = new byte[32];

        public FixedKey() {
            Arrays.fill(key, (byte) 7);
        }

        @Override
        public DataKey forEncryption(String workspaceId, String secretId) {
            return new DataKey("test-key", key);
        }

        @Override
        public byte[] forDecryption(String workspaceId, String secretId, String keyId) {
            if (!"test-key".equals(keyId)) {
                throw new Unavailable("unknown key " + keyId);
            }
            return key;
        }
    }

    /** Distinct, predictable nonces, so that fixture runs are deterministic. */
    public static final class CountingRandom extends SecureRandom {
        private long next;

        @Override
        public void nextBytes(byte[] bytes) {
            Arrays.fill(bytes, (byte) 0);
            long value = ++next;
            for (int i = 0; i < Math.min(8, bytes.length); i++) {
                bytes[i] = (byte) (value >>> (8 * i));
            }
        }
    }

    /** The names taken in each workspace, in memory. */
    public static final class Names implements io.secretledger.command.secret.SecretNames {

        private final Map<String, String> taken = new java.util.concurrent.ConcurrentHashMap<>();

        public Names with(String workspaceId, String name, String secretId) {
            taken.put(workspaceId + "|" + name, secretId);
            return this;
        }

        @Override
        public boolean claim(String workspaceId, String name, String secretId) {
            return taken.computeIfAbsent(workspaceId + "|" + name, key -> secretId).equals(secretId);
        }

        @Override
        public void release(String workspaceId, String name, String secretId) {
            taken.remove(workspaceId + "|" + name, secretId);
        }

        public boolean holds(String workspaceId, String name) {
            return taken.containsKey(workspaceId + "|" + name);
        }

        @Override
        public Optional<String> holder(String workspaceId, String name) {
            return Optional.ofNullable(taken.get(workspaceId + "|" + name));
        }
    }

    /** The workspace names taken in the installation, in memory. */
    public static final class WorkspaceNamesInMemory implements io.secretledger.command.workspace.WorkspaceNames {

        private final Map<String, String> taken = new java.util.concurrent.ConcurrentHashMap<>();

        public WorkspaceNamesInMemory with(String name, String workspaceId) {
            taken.put(name, workspaceId);
            return this;
        }

        @Override
        public boolean claim(String name, String workspaceId) {
            return taken.computeIfAbsent(name, key -> workspaceId).equals(workspaceId);
        }

        @Override
        public void release(String name, String workspaceId) {
            taken.remove(name, workspaceId);
        }

        public Optional<String> holder(String name) {
            return Optional.ofNullable(taken.get(name));
        }
    }

    /** What refers to each secret name, in memory. */
    public static final class References implements io.secretledger.command.secret.SecretReferences {

        private final Map<String, Map<String, String>> referrers = new java.util.concurrent.ConcurrentHashMap<>();

        @Override
        public void add(String workspaceId, String secretName, String referrerId, String referrerName) {
            referrers.computeIfAbsent(workspaceId + "|" + secretName, key -> new java.util.TreeMap<>())
                    .put(referrerId, referrerName);
        }

        @Override
        public void remove(String workspaceId, String secretName, String referrerId) {
            referrers.getOrDefault(workspaceId + "|" + secretName, new HashMap<>()).remove(referrerId);
        }

        @Override
        public List<String> referrers(String workspaceId, String secretName) {
            return referrers.getOrDefault(workspaceId + "|" + secretName, Map.of()).values().stream().sorted()
                    .toList();
        }
    }
}

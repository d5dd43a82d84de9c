package io.secretledger.command.workspace;

import io.secretledger.api.common.ErrorCode;
import io.secretledger.api.common.Permission;
import io.secretledger.api.workspace.CreateWorkspace;
import io.secretledger.api.workspace.WorkspaceCreated;
import io.secretledger.command.common.DomainExceptionTranslator;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static io.secretledger.command.support.Fixtures.refusedWith;
import static org.assertj.core.api.Assertions.assertThat;

class WorkspaceTest {

    private FixtureConfiguration<Workspace> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Workspace.class)
                .registerCommandHandlerInterceptor(new DomainExceptionTranslator());
    }

    @Test
    void canCreateAWorkspaceWhoseFirstMemberOwnsIt() {
        fixture.givenNoPriorActivity()
                .when(new CreateWorkspace("ws-1", "Acme support", "m-1", "owner@acme.test"))
                .expectEvents(new WorkspaceCreated("ws-1", "Acme support", "m-1", "owner@acme.test",
                        Set.of(Permission.ACCOUNT_OWNER)))
                .expectState(workspace -> assertThat(workspace.member("m-1")).hasValueSatisfying(member ->
                        assertThat(member.permissions()).containsExactly(Permission.ACCOUNT_OWNER)));
    }

    @Test
    void cannotCreateAWorkspaceWithoutNameOrOwner() {
        fixture.givenNoPriorActivity()
                .when(new CreateWorkspace("ws-1", " ", null, "not-an-address"))
                .expectExceptionDetails(refusedWith(ErrorCode.VALIDATION, "name"))
                .expectNoEvents();
    }
}

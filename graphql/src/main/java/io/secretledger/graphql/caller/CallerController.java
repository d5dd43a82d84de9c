package io.secretledger.graphql.caller;

import org.springframework.graphql.data.method.annotation.ContextValue;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

@Controller
class CallerController {

    @QueryMapping
    Caller me(@ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
        return caller != null && caller.workspaceId() == null ? caller : Caller.require(caller);
    }
}

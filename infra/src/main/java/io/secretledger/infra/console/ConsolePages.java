package io.secretledger.infra.console;

import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The console's one page, at each address a person may open or bookmark: the script in it reads the address and
 * shows that view (ADR 0029). Addresses name only ids, never a value or a token.
 */
@Controller
class ConsolePages {

    static final String[] ROUTES = {"/", "/secrets", "/secrets/{id}", "/tickets/{id}", "/templates", "/audit",
            "/auditor", "/workspace", "/members", "/service-accounts", ConsoleProviderSignIn.CALLBACK};

    private final Resource page = new ClassPathResource("static/console/index.html");

    @GetMapping({"/", "/secrets", "/secrets/{id}", "/tickets/{id}", "/templates", "/audit", "/auditor", "/workspace",
        "/members", "/service-accounts", ConsoleProviderSignIn.CALLBACK})
    ResponseEntity<Resource> page() {
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).contentType(MediaType.TEXT_HTML).body(page);
    }
}

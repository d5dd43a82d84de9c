package io.secretledger.graphql.file;

import io.secretledger.api.common.ErrorCode;
import io.secretledger.api.common.ErrorDetails;
import io.secretledger.api.secret.AttachSecretFile;
import io.secretledger.api.secret.DownloadSecretFile;
import io.secretledger.api.secret.FileContent;
import io.secretledger.graphql.caller.Caller;
import io.secretledger.graphql.caller.Callers;
import io.secretledger.graphql.error.HttpErrors;
import io.secretledger.graphql.support.Ids;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.support.MissingServletRequestPartException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Files of FILE fields over plain HTTP beside GraphQL, with the same bearer tokens: upload as multipart
 * ({@code file}), download as the bytes with their type. Each download is recorded before it is answered.
 * Errors are JSON with the same stable codes as GraphQL's.
 */
@RestController
@RequestMapping("/secrets/{secretId}/files/{fieldKey}")
class FileController {

    private final CommandGateway commands;
    private final Callers callers;

    FileController(CommandGateway commands, Callers callers) {
        this.commands = commands;
        this.callers = callers;
    }

    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<Map<String, Object>> upload(@PathVariable String secretId, @PathVariable String fieldKey,
                                               @RequestParam("file") MultipartFile file) throws IOException {
        Caller who = caller();
        Long version = commands.<Long>send(new AttachSecretFile(Ids.require(secretId, "secretId"), who.workspaceId(),
                fieldKey, file.getOriginalFilename(), file.getContentType(), file.getBytes(), who.actor())).join();
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(Map.of("secretId", secretId, "fieldKey", fieldKey, "version", version));
    }

    @GetMapping
    ResponseEntity<byte[]> download(@PathVariable String secretId, @PathVariable String fieldKey,
                                    @RequestParam(required = false) String ticketId) {
        Caller who = caller();
        FileContent file = commands.<FileContent>send(new DownloadSecretFile(Ids.require(secretId, "secretId"),
                who.workspaceId(), fieldKey, Ids.optional(ticketId, "ticketId"), who.actor())).join();
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(file.contentType()))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename(file.fileName(), StandardCharsets.UTF_8).build().toString())
                .header("X-Content-Type-Options", "nosniff")
                .cacheControl(CacheControl.noStore())
                .body(file.content());
    }

    private Caller caller() {
        return Caller.require(callers.current());
    }

    @ExceptionHandler(MissingServletRequestPartException.class)
    ResponseEntity<Map<String, Object>> noFile() {
        return HttpErrors.of(ErrorDetails.of(ErrorCode.VALIDATION, "file", "Send the file as the multipart part 'file'"));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Map<String, Object>> refused(Exception failure) {
        return HttpErrors.of(failure);
    }
}

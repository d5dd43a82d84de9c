package io.secretledger.graphql.error;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Refuses a GraphQL POST whose body is the JSON literal {@code null} before Spring GraphQL reads it: it reads that as
 * no request at all and fails building one with a NullPointerException, answered 500 (battery: hostile documents).
 * Any other body goes on unchanged, read once here and handed on from memory.
 */
@Component
class NullGraphQlBodies extends OncePerRequestFilter {

    private final ObjectMapper json;
    private final String path;

    NullGraphQlBodies(ObjectMapper json, @Value("${spring.graphql.http.path:/graphql}") String path) {
        this.json = json;
        this.path = path;
    }

    /** Whether the body is the literal {@code null} between any JSON whitespace, looked at without decoding it. */
    static boolean isJsonNull(byte[] body) {
        int from = 0;
        int to = body.length;
        while (from < to && isWhitespace(body[from])) {
            from++;
        }
        while (to > from && isWhitespace(body[to - 1])) {
            to--;
        }
        return to - from == 4 && body[from] == 'n' && body[from + 1] == 'u' && body[from + 2] == 'l'
                && body[from + 3] == 'l';
    }

    private static boolean isWhitespace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r';
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod()) || !path.equals(request.getRequestURI());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        byte[] body = request.getInputStream().readAllBytes();
        if (isJsonNull(body)) {
            GraphQlRequestErrors.write(response, json);
            return;
        }
        chain.doFilter(new HttpServletRequestWrapper(request) {
            @Override
            public ServletInputStream getInputStream() {
                ByteArrayInputStream bytes = new ByteArrayInputStream(body);
                return new ServletInputStream() {
                    @Override
                    public boolean isFinished() {
                        return bytes.available() == 0;
                    }

                    @Override
                    public boolean isReady() {
                        return true;
                    }

                    @Override
                    public void setReadListener(ReadListener listener) {
                        throw new UnsupportedOperationException("read synchronously");
                    }

                    @Override
                    public int read() {
                        return bytes.read();
                    }

                    @Override
                    public int read(byte[] into, int offset, int length) {
                        return bytes.read(into, offset, length);
                    }
                };
            }

            @Override
            public BufferedReader getReader() {
                return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
            }
        }, response);
    }
}

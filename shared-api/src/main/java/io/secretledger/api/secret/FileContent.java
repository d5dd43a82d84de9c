package io.secretledger.api.secret;

/** A downloaded file in flight; its {@code toString} never shows the bytes. */
public record FileContent(String fileName, String contentType, byte[] content) {

    @Override
    public String toString() {
        return "FileContent[fileName=" + fileName + ", contentType=" + contentType + ", bytes="
                + (content == null ? 0 : content.length) + "]";
    }
}

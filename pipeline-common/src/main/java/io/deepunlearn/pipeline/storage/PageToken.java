package io.deepunlearn.pipeline.storage;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The opaque page token of a listing: the last object key of the previous page, base64url-encoded. Clients pass it
 * back unchanged; a token from another listing (another prefix) or a forged one is refused.
 */
public final class PageToken {

    private PageToken() {
    }

    public static String encode(String lastKey) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(lastKey.getBytes(StandardCharsets.UTF_8));
    }

    /** The key to list after, or null for a null/blank token; {@link IllegalArgumentException} when invalid. */
    public static String decode(String token, String prefix) {
        if (token == null || token.isBlank()) {
            return null;
        }
        String key;
        try {
            key = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid page token");
        }
        if (!key.startsWith(prefix) || key.length() > 1024) {
            throw new IllegalArgumentException("page token does not belong to this listing");
        }
        return key;
    }
}

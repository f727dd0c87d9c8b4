package dev.dmig.feature.mask;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * A file that stands for a masked Storage object: a small valid file of the object's type, one of this class's resources
 * (a 16×16 grey check as PNG, JPEG or GIF, a one-page PDF, a line of text), never the source's bytes. The type is the
 * object key's extension's ({@code .png}, {@code .jpg}, {@code .pdf}, {@code .txt}…), else its Content-Type's
 * ({@code image/jpeg}…: another image is a PNG), else text; its Content-Type is the source's when that names the same type,
 * else the placeholder's own.
 */
enum Placeholder {
    PNG("placeholder.png", "image/png", List.of(".png"), List.of("image/png")),
    JPEG("placeholder.jpg", "image/jpeg", List.of(".jpg", ".jpeg", ".jfif", ".jpe"), List.of("image/jpeg", "image/jpg", "image/pjpeg")),
    GIF("placeholder.gif", "image/gif", List.of(".gif"), List.of("image/gif")),
    PDF("placeholder.pdf", "application/pdf", List.of(".pdf"), List.of("application/pdf", "application/x-pdf")),
    TEXT("placeholder.txt", "text/plain", List.of(".txt", ".text", ".log", ".md", ".csv"), List.of("text/plain"));

    private final String resource;
    private final String contentType;
    private final List<String> extensions;
    private final List<String> contentTypes;
    private final byte[] bytes;
    private final String etag;

    Placeholder(String resource, String contentType, List<String> extensions, List<String> contentTypes) {
        this.resource = resource;
        this.contentType = contentType;
        this.extensions = extensions;
        this.contentTypes = contentTypes;
        this.bytes = read(resource);
        this.etag = "\"" + md5(bytes) + "\"";
    }

    /** The type of the object at {@code key} by its extension; null when the extension says none of them. */
    static Placeholder byExtension(String key) {
        String name = key.substring(key.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        if (dot < 0) {
            return null;
        }
        String extension = name.substring(dot);
        for (Placeholder type : values()) {
            if (type.extensions.contains(extension)) {
                return type;
            }
        }
        return null;
    }

    /** The type a Content-Type names: one of them, a PNG for another image, text for anything else. */
    static Placeholder byContentType(String contentType) {
        String bare = contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        for (Placeholder type : values()) {
            if (type.contentTypes.contains(bare)) {
                return type;
            }
        }
        return bare.startsWith("image/") ? PNG : TEXT;
    }

    /** The placeholder's Content-Type for a source object of {@code source}'s: the source's when it names this type. */
    String contentType(String source) {
        String bare = source == null ? "" : source.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return contentTypes.contains(bare) ? source : contentType;
    }

    byte[] bytes() {
        return bytes.clone();
    }

    long size() {
        return bytes.length;
    }

    /** Its ETag as S3 gives one of a single-part object: the MD5 of its bytes, quoted. */
    String etag() {
        return etag;
    }

    private static byte[] read(String resource) {
        try (InputStream in = Placeholder.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the placeholder " + resource + " is missing from the build");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String md5(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return resource + " (" + contentType + ")";
    }
}

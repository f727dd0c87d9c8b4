package dev.dmig.embedded;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;

/**
 * The key pair the embedded stack's servers accept: random letters and digits (DynamoDB Local refuses anything else),
 * made for each in-memory start, and for a data directory once, kept in {@code <data dir>/stack-keys} readable by its
 * owner alone, so that no one else on the machine can sign requests to the S3 store of a directory they cannot read.
 * The keys guard access only: DynamoDB Local keeps one shared database file whatever the key ({@code -sharedDb}) and
 * S3Proxy stores objects as plain files, so a directory without the file (one an earlier dmig made with its fixed
 * keys, or one whose file was deleted) opens its tables and objects with a new pair.
 */
final class StackKeys {
    static final String FILE = "stack-keys";
    private static final String ACCESS_KEY = "accessKeyId";
    private static final String SECRET_KEY = "secretAccessKey";
    private static final Pattern ACCESS_KEY_FORM = Pattern.compile("[A-Z0-9]{20}");
    private static final Pattern SECRET_KEY_FORM = Pattern.compile("[A-Za-z0-9]{40}");
    private static final String UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private static final String ANY = UPPER + "abcdefghijklmnopqrstuvwxyz";
    private static final Set<PosixFilePermission> OWNER_ONLY = EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    private static final SecureRandom RANDOM = new SecureRandom();

    private StackKeys() {}

    /** A new pair, for an in-memory stack. */
    static AwsBasicCredentials fresh() {
        return AwsBasicCredentials.create(random(UPPER, 20), random(ANY, 40));
    }

    /** The pair {@code dataDir} keeps, made and kept there first if it has none (or one that is no pair of this form). */
    static AwsBasicCredentials of(Path dataDir) {
        Path file = dataDir.resolve(FILE);
        try {
            AwsBasicCredentials kept = read(file);
            if (kept != null) {
                ownerOnly(file);
                return kept;
            }
            AwsBasicCredentials made = fresh();
            write(file, made);
            return made;
        } catch (IOException e) {
            throw new EmbeddedStackException("cannot keep the embedded stack's keys in " + file + ": " + e, e);
        }
    }

    private static AwsBasicCredentials read(Path file) throws IOException {
        Properties keys = new Properties();
        try {
            keys.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
        } catch (NoSuchFileException none) {
            return null;
        }
        String access = keys.getProperty(ACCESS_KEY, "");
        String secret = keys.getProperty(SECRET_KEY, "");
        return ACCESS_KEY_FORM.matcher(access).matches() && SECRET_KEY_FORM.matcher(secret).matches()
                ? AwsBasicCredentials.create(access, secret) : null;
    }

    /** Whole or not at all: a temporary file readable by its owner alone, moved into place. */
    private static void write(Path file, AwsBasicCredentials keys) throws IOException {
        Path partial = posix(file)
                ? Files.createTempFile(file.getParent(), FILE, ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY))
                : Files.createTempFile(file.getParent(), FILE, ".tmp");
        try {
            ownerOnly(partial);
            Files.writeString(partial, "# The key pair of the embedded DynamoDB Local and S3 store of this data directory; dmig "
                    + "reads it at each start.\n" + ACCESS_KEY + "=" + keys.accessKeyId() + "\n" + SECRET_KEY + "="
                    + keys.secretAccessKey() + "\n", StandardCharsets.UTF_8);
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    private static void ownerOnly(Path file) throws IOException {
        if (posix(file)) {
            if (!Files.getPosixFilePermissions(file).equals(OWNER_ONLY)) {
                Files.setPosixFilePermissions(file, OWNER_ONLY);
            }
        } else {
            java.io.File plain = file.toFile();
            boolean narrowed = plain.setReadable(false, false) && plain.setReadable(true, true)
                    && plain.setWritable(false, false) && plain.setWritable(true, true);
            if (!narrowed) {
                throw new IOException("cannot make " + file + " readable by its owner alone");
            }
        }
    }

    private static boolean posix(Path file) {
        return file.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    private static String random(String alphabet, int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return text.toString();
    }
}

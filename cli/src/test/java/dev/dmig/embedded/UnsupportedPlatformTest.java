package dev.dmig.embedded;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.dynamodbv2.local.shared.access.sqlite.SQLiteLibraryLoaderUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class UnsupportedPlatformTest {
    /** DynamoDB Local reads the architecture from this property before os.arch. */
    private static final String ARCHITECTURE_PROPERTY = "org.sqlite.osinfo.architecture";

    private String savedArchitecture;

    @BeforeEach
    void pretendRiscV() {
        savedArchitecture = System.getProperty(ARCHITECTURE_PROPERTY);
        System.setProperty(ARCHITECTURE_PROPERTY, "riscv64");
    }

    @AfterEach
    void restoreArchitecture() {
        if (savedArchitecture == null) {
            System.clearProperty(ARCHITECTURE_PROPERTY);
        } else {
            System.setProperty(ARCHITECTURE_PROPERTY, savedArchitecture);
        }
    }

    @Test
    void start_onPlatformWithoutBundledSqlite_failsWithOneLineMessage() {
        String os = SQLiteLibraryLoaderUtil.getOSName();

        assertThatThrownBy(() -> EmbeddedStack.startInMemory("dmig-test"))
                .isInstanceOf(EmbeddedStackException.class)
                .hasMessage("DynamoDB Local bundles no SQLite library for " + os + "/riscv64; it has them for"
                        + " Linux x86/x86_64/aarch64, macOS x86_64/aarch64 and Windows x86/x86_64 (or set"
                        + " -Dorg.sqlite.lib.path to a directory holding " + SQLiteLibraryLoaderUtil.getNativeLibName() + ")");
    }
}

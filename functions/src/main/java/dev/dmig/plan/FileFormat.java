package dev.dmig.plan;

/** How a record holds a file: the object's key, an {@code s3://} URL, or an https URL of the object. */
public enum FileFormat {
    /** The object's key, or its key after the reference's {@code prefix} ({@code photos/a.jpg} under {@code public/}). */
    KEY("key"),
    /** {@code s3://<bucket>/<key>}. */
    S3_URL("s3url"),
    /** An https (or, locally, http) URL of the object, virtual-hosted ({@code <bucket>.s3...}) or path-style ({@code /<bucket>/<key>}). */
    URL("url");

    private final String planName;

    FileFormat(String planName) {
        this.planName = planName;
    }

    public String planName() {
        return planName;
    }

    public static FileFormat fromPlan(String text) {
        for (FileFormat format : values()) {
            if (format.planName.equals(text)) {
                return format;
            }
        }
        return null;
    }
}

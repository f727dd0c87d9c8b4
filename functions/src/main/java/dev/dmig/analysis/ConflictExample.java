package dev.dmig.analysis;

/** A target item already present at the key a source item maps to. */
public record ConflictExample(String sourceItem, String targetKey, boolean identical) {}

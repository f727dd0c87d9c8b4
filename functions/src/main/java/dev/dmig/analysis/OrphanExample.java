package dev.dmig.analysis;

/** A source item whose reference points at no item of the referenced table. */
public record OrphanExample(String item, String value) {}

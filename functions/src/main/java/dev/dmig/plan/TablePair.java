package dev.dmig.plan;

import dev.dmig.store.TableInfo;

/** A model's source and target tables as they exist, checked to have the same key schema. */
public record TablePair(String model, TableInfo source, TableInfo target) {}

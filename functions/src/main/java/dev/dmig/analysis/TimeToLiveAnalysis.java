package dev.dmig.analysis;

import java.util.List;

/**
 * A target table that deletes items by time to live: its {@code attribute}, and how many source
 * items would arrive already expired (a number of epoch seconds in the past, at most five years
 * back, which is what DynamoDB deletes), with a few of their keys. {@code unreadable} says why the
 * table's TTL setting could not be read; the counts are then zero.
 */
public record TimeToLiveAnalysis(String attribute, long expiredItems, List<String> expiredExamples, String unreadable) {}

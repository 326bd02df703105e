package dev.spindle.api.process;

/** A timer that fired: its time and its clock. */
public record Timer(long time, TimeDomain domain) {}

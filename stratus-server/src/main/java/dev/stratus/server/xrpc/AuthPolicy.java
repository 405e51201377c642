package dev.stratus.server.xrpc;

/**
 * What a route demands of a service-auth token.
 *
 * @param lxm the lexicon method the token must be bound to
 */
public record AuthPolicy(String lxm) {}

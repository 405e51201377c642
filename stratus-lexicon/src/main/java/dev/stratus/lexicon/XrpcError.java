package dev.stratus.lexicon;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** The body of every XRPC error response: {@code {"error": Name, "message": text}}. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"error", "message"})
public record XrpcError(String error, String message) {}

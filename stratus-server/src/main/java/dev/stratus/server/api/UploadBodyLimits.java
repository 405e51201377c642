package dev.stratus.server.api;

import java.time.Duration;

/**
 * How upload bodies must arrive, so that slow or piled-up uploads cannot hold the server.
 *
 * @param minBytesPerSecond the floor an upload's body must keep, averaged over {@code rateWindow};
 *     0 turns the floor off
 * @param rateWindow how long a body may run below the floor before it is cut off
 * @param perAccount upload bodies one account may send at once
 * @param perAddress upload bodies one client address may send at once
 */
public record UploadBodyLimits(long minBytesPerSecond, Duration rateWindow, int perAccount, int perAddress) {}

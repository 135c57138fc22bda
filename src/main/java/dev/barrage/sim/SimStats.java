package dev.barrage.sim;

/**
 * A snapshot of the simulator's counters. The fields are read one by one without a common lock,
 * so under load they may be a few events apart from each other.
 *
 * @param requestsReceived generation requests accepted (valid body), since start
 * @param completed        generation requests whose response was fully written
 * @param decoding         sequences holding a batch slot right now (admitted)
 * @param queued           sequences waiting for a slot right now
 * @param tokensSent       completion tokens generated, streamed or not
 * @param disconnects      requests whose client went away while queued or generating
 */
public record SimStats(long requestsReceived, long completed, int decoding, int queued, long tokensSent,
        long disconnects) {
}

/**
 * The SDKs' own timeout, set far out of the way: the shared policy's idle timeout (attempt.ts) is
 * the one that applies, so all providers time out alike. (Below 2^31 ms, the setTimeout limit.)
 */
export const SDK_TIMEOUT_MS = 24 * 60 * 60 * 1000;

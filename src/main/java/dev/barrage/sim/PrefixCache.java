package dev.barrage.sim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A stand-in for a server's automatic prefix cache, at message granularity: a chat request
 * whose first k messages equal the first k messages of an earlier request has the prompt tokens
 * of those k messages served from the cache (counted as the server counts a prompt of those
 * messages, capped at the prompt's length − 1, since a server always computes the last token).
 * A multi-turn client resending its history therefore hits on every later turn, as it would on
 * vLLM or SGLang with prefix caching on. Bounded (least recently used prefixes are forgotten)
 * and thread-safe.
 */
final class PrefixCache {
    private static final int MAX_ENTRIES = 200_000;

    private final Map<Long, Boolean> seen = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Boolean> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    /**
     * @return the prompt tokens of the longest cached message prefix of {@code messages}; every
     *         prefix of {@code messages} is cached afterwards
     */
    int lookupAndStore(List<Map<String, Object>> messages, int promptTokens, PromptTokenCounter counter) {
        long[] hashes = new long[messages.size()];
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < hashes.length; i++) {
            h = mix(h, String.valueOf(messages.get(i).get("role")));
            h = mix(h, String.valueOf(messages.get(i).get("content")));
            hashes[i] = h;
        }
        int hit = 0;
        synchronized (seen) {
            for (int k = hashes.length; k >= 1; k--) {
                if (seen.get(hashes[k - 1]) != null) {
                    hit = k;
                    break;
                }
            }
            for (long hash : hashes) {
                seen.put(hash, Boolean.TRUE);
            }
        }
        if (hit == 0) {
            return 0;
        }
        int cached = counter.countMessages(messages.subList(0, hit));
        return Math.max(0, Math.min(cached, promptTokens - 1));
    }

    /** 64-bit FNV-1a over the text's chars, with a separator so ("ab","c") differs from ("a","bc"). */
    private static long mix(long h, String text) {
        for (int i = 0; i < text.length(); i++) {
            h ^= text.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= 0x1F;
        return h * 0x100000001b3L;
    }
}

/*
 * ratelimit.c -- GCRA per client in a bounded, set-associative table.
 *
 * Each client (token or IP) is a 64-bit hash with its theoretical arrival
 * time (TAT).  A request at `now` is allowed when max(TAT, now) - now <=
 * (burst - 1) * T, T = 60000 / per_minute ms; then TAT += T.  The table has
 * max_clients slots in buckets of 8: a new client takes a free slot or the
 * stalest one of its bucket (smallest TAT: the client closest to having a
 * full allowance again), so memory never grows.
 */
#include "wms/server.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#define WAYS   8
#define SHARDS 16

typedef struct rl_slot {
    uint64_t key; /* 0 = free */
    int64_t tat_us;
} rl_slot;

typedef struct rl_shard {
    pthread_mutex_t mu;
    atomic_size_t used; /* written under mu, read without it */
} rl_shard;

struct wms_ratelimit {
    int64_t t_us;   /* emission interval, us */
    int64_t tau_us; /* (burst - 1) * T       */
    size_t nbuckets;
    rl_slot *slots;
    rl_shard shards[SHARDS];
};

static uint64_t hash64(const char *s, size_t len)
{
    uint64_t h = 1469598103934665603ull; /* FNV-1a, then a final mix */
    for (size_t i = 0; i < len; i++) {
        h ^= (uint8_t)s[i];
        h *= 1099511628211ull;
    }
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    return h == 0 ? 1 : h;
}

int wms_ratelimit_new(int64_t per_minute, int64_t burst, size_t max_clients, wms_ratelimit **out)
{
    if (per_minute < 1 || per_minute > 60000000 || burst < 1 || burst > 1000000 ||
        max_clients < WAYS || max_clients > (1u << 24)) {
        return WMS_EINVAL;
    }
    wms_ratelimit *rl = calloc(1, sizeof *rl);
    if (rl == NULL) {
        return WMS_ENOMEM;
    }
    rl->t_us = 60000000 / per_minute;
    rl->tau_us = (burst - 1) * rl->t_us;
    rl->nbuckets = (max_clients + WAYS - 1) / WAYS;
    rl->slots = calloc(rl->nbuckets * WAYS, sizeof *rl->slots);
    if (rl->slots == NULL) {
        free(rl);
        return WMS_ENOMEM;
    }
    for (size_t i = 0; i < SHARDS; i++) {
        pthread_mutex_init(&rl->shards[i].mu, NULL);
    }
    *out = rl;
    return 0;
}

void wms_ratelimit_free(wms_ratelimit *rl)
{
    if (rl == NULL) {
        return;
    }
    for (size_t i = 0; i < SHARDS; i++) {
        pthread_mutex_destroy(&rl->shards[i].mu);
    }
    free(rl->slots);
    free(rl);
}

int wms_ratelimit_take(wms_ratelimit *rl, const char *key, size_t len, int64_t now_ms,
                       int64_t *retry_after_ms)
{
    uint64_t h = hash64(key, len);
    size_t b = (size_t)(h % rl->nbuckets);
    rl_shard *sh = &rl->shards[b % SHARDS];
    rl_slot *bucket = &rl->slots[b * WAYS];
    int64_t now = now_ms * 1000;
    pthread_mutex_lock(&sh->mu);
    rl_slot *slot = NULL;
    rl_slot *victim = &bucket[0];
    for (size_t i = 0; i < WAYS; i++) {
        if (bucket[i].key == h) {
            slot = &bucket[i];
            break;
        }
        if (bucket[i].key == 0) {
            if (victim->key != 0) {
                victim = &bucket[i];
            }
        } else if (victim->key != 0 && bucket[i].tat_us < victim->tat_us) {
            victim = &bucket[i];
        }
    }
    if (slot == NULL) {
        if (victim->key == 0) {
            atomic_fetch_add_explicit(&sh->used, 1, memory_order_relaxed);
        }
        slot = victim;
        slot->key = h;
        slot->tat_us = now;
    }
    int64_t tat = slot->tat_us > now ? slot->tat_us : now;
    int rc = 0;
    if (tat - now > rl->tau_us) {
        int64_t wait_us = tat - now - rl->tau_us;
        *retry_after_ms = (wait_us + 999) / 1000;
        if (*retry_after_ms < 1) {
            *retry_after_ms = 1;
        }
        rc = WMS_EBUSY;
    } else {
        slot->tat_us = tat + rl->t_us;
    }
    pthread_mutex_unlock(&sh->mu);
    return rc;
}

size_t wms_ratelimit_clients(wms_ratelimit *rl)
{
    size_t n = 0;
    for (size_t i = 0; i < SHARDS; i++) {
        n += atomic_load_explicit(&rl->shards[i].used, memory_order_relaxed);
    }
    return n;
}

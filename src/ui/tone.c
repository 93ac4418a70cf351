/*
 * tone.c -- feedback tones as PCM: no sound files needed.  Success is two
 * short rising beeps, warning two mid beeps, error one long low buzz; they
 * differ in pitch, rhythm and length, not only in loudness.
 */
#include "wms/ui.h"

#include <math.h>

typedef struct seg {
    double hz;  /* 0 = silence */
    int ms;     /* duration    */
    bool harsh; /* add odd harmonics (buzz) */
} seg;

typedef struct pattern {
    size_t n;
    seg s[4];
} pattern;

static const pattern patterns[WMS_TONE_COUNT_] = {
        {3, {{1046.5, 70, false}, {0, 30, false}, {1568.0, 110, false}}},
        {3, {{740.0, 120, false}, {0, 70, false}, {740.0, 120, false}}},
        {1, {{196.0, 450, true}}},
};

size_t wms_tone_samples(wms_tone t, int rate)
{
    if ((int)t < 0 || t >= WMS_TONE_COUNT_ || rate <= 0) {
        return 0;
    }
    size_t n = 0;
    for (size_t i = 0; i < patterns[t].n; i++) {
        n += (size_t)rate * (size_t)patterns[t].s[i].ms / 1000u;
    }
    return n;
}

int wms_tone_render(wms_tone t, int rate, int volume, int16_t *out, size_t cap, size_t *n)
{
    if ((int)t < 0 || t >= WMS_TONE_COUNT_ || rate < 8000 || rate > 192000) {
        return WMS_EINVAL;
    }
    size_t need = wms_tone_samples(t, rate);
    if (cap < need) {
        return WMS_ETOOBIG;
    }
    if (volume < 0) {
        volume = 0;
    }
    if (volume > 100) {
        volume = 100;
    }
    const double pi = 3.14159265358979323846;
    double amp = 0.6 * 32767.0 * volume / 100.0;
    size_t o = 0;
    for (size_t i = 0; i < patterns[t].n; i++) {
        const seg *s = &patterns[t].s[i];
        size_t len = (size_t)rate * (size_t)s->ms / 1000u;
        size_t ramp = (size_t)rate / 200u; /* 5 ms fade in/out: no clicks */
        for (size_t k = 0; k < len; k++) {
            double v = 0.0;
            if (s->hz > 0) {
                double ph = 2.0 * pi * s->hz * (double)k / rate;
                v = sin(ph);
                if (s->harsh) {
                    v = 0.6 * v + 0.25 * sin(3 * ph) + 0.15 * sin(5 * ph);
                }
                double env = 1.0;
                if (k < ramp) {
                    env = (double)k / (double)ramp;
                } else if (len - k < ramp) {
                    env = (double)(len - k) / (double)ramp;
                }
                v *= env;
            }
            out[o++] = (int16_t)lrint(v * amp);
        }
    }
    *n = o;
    return 0;
}

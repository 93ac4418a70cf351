/*
 * audio.c -- play the feedback tones through SDL audio (queued PCM).
 */
#include "wms/ui.h"

#include <SDL.h>
#include <stdlib.h>

#define AUDIO_RATE 22050

struct wms_audio {
    SDL_AudioDeviceID dev;
    int volume;
    bool mute;
    int16_t *pcm[WMS_TONE_COUNT_];
    size_t n[WMS_TONE_COUNT_];
};

static int render_all(wms_audio *a)
{
    for (int t = 0; t < WMS_TONE_COUNT_; t++) {
        int rc = wms_tone_render((wms_tone)t, AUDIO_RATE, a->volume, a->pcm[t],
                                 wms_tone_samples((wms_tone)t, AUDIO_RATE), &a->n[t]);
        if (rc != 0) {
            return rc;
        }
    }
    return 0;
}

int wms_audio_open(int volume, bool mute, wms_audio **out, wms_err *err)
{
    if (SDL_InitSubSystem(SDL_INIT_AUDIO) != 0) {
        return wms_err_set(err, WMS_ENODEV, "no audio: %s", SDL_GetError());
    }
    wms_audio *a = calloc(1, sizeof(*a));
    if (!a) {
        SDL_QuitSubSystem(SDL_INIT_AUDIO);
        return wms_err_set(err, WMS_ENOMEM, "out of memory");
    }
    a->volume = volume;
    a->mute = mute;
    for (int t = 0; t < WMS_TONE_COUNT_; t++) {
        a->pcm[t] = calloc(wms_tone_samples((wms_tone)t, AUDIO_RATE), sizeof(int16_t));
        if (!a->pcm[t]) {
            wms_audio_close(a);
            return wms_err_set(err, WMS_ENOMEM, "out of memory");
        }
    }
    render_all(a);
    SDL_AudioSpec want, have;
    SDL_zero(want);
    want.freq = AUDIO_RATE;
    want.format = AUDIO_S16SYS;
    want.channels = 1;
    want.samples = 1024;
    a->dev = SDL_OpenAudioDevice(NULL, 0, &want, &have, 0);
    if (a->dev == 0) {
        int rc = wms_err_set(err, WMS_ENODEV, "no audio device: %s", SDL_GetError());
        wms_audio_close(a);
        return rc;
    }
    *out = a;
    return 0;
}

void wms_audio_play(wms_audio *a, wms_tone t)
{
    if (!a || a->mute || a->volume <= 0 || (int)t < 0 || t >= WMS_TONE_COUNT_) {
        return;
    }
    SDL_ClearQueuedAudio(a->dev);
    SDL_QueueAudio(a->dev, a->pcm[t], (Uint32)(a->n[t] * sizeof(int16_t)));
    SDL_PauseAudioDevice(a->dev, 0);
}

void wms_audio_set(wms_audio *a, int volume, bool mute)
{
    if (!a) {
        return;
    }
    a->volume = volume;
    a->mute = mute;
    render_all(a);
}

unsigned wms_audio_queued(const wms_audio *a)
{
    return a ? (unsigned)SDL_GetQueuedAudioSize(a->dev) : 0;
}

void wms_audio_close(wms_audio *a)
{
    if (!a) {
        return;
    }
    if (a->dev) {
        SDL_CloseAudioDevice(a->dev);
    }
    for (int t = 0; t < WMS_TONE_COUNT_; t++) {
        free(a->pcm[t]);
    }
    free(a);
    SDL_QuitSubSystem(SDL_INIT_AUDIO);
}

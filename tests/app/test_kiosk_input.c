/*
 * test_kiosk_input.c -- the real SDL input path: SDL events (text input,
 * key presses, Ctrl+], mouse taps) with their timestamps go through the
 * session's event handler and the wedge detector into the screens.
 */
#include "wms_test.h"

#include "session.h"

#include <SDL.h>
#include <stdlib.h>

static session *open_session(void)
{
    session *s = malloc(sizeof(*s));
    kiosk_conf conf;
    wms_err err = {0};
    assert_int_equal(kiosk_conf_load(&conf, NULL, &err), 0);
    wms_strlcpy(conf.db, "mem:", sizeof(conf.db));
    assert_int_equal(session_open(s, &conf, &err), 0);
    session_use_script_clock(s);
    assert_int_equal(session_display(s, WMS_SDL_HEADLESS, 800, 480, &err), 0);
    session_frame(s, true);
    return s;
}

static void text(session *s, const char *t, Uint32 ms)
{
    SDL_Event ev;
    memset(&ev, 0, sizeof(ev));
    ev.type = SDL_TEXTINPUT;
    ev.text.timestamp = ms;
    wms_strlcpy(ev.text.text, t, sizeof(ev.text.text));
    session_handle_event(s, &ev);
}

static void key(session *s, SDL_Keycode sym, Uint16 mod, Uint32 ms)
{
    SDL_Event ev;
    memset(&ev, 0, sizeof(ev));
    ev.type = SDL_KEYDOWN;
    ev.key.timestamp = ms;
    ev.key.keysym.sym = sym;
    ev.key.keysym.mod = mod;
    session_handle_event(s, &ev);
}

/* Type `str` one character per event, `gap` ms apart, from `*ms`. */
static void burst(session *s, const char *str, Uint32 gap, Uint32 *ms)
{
    for (const char *p = str; *p; p++) {
        char c[2] = {*p, 0};
        text(s, c, *ms);
        *ms += gap;
    }
}

static void test_scan_burst_logs_in(void **state)
{
    (void)state;
    session *s = open_session();
    Uint32 ms = 1000;
    burst(s, "B:0001", 2, &ms);
    key(s, SDLK_RETURN, 0, ms);
    assert_int_equal(s->k->login.step, 1); /* a scan: straight to the PIN */
    assert_string_equal(s->k->login.code, "");
    /* The PIN typed by a person (slow keys) reaches the PIN field. */
    ms += 500;
    burst(s, "1234", 150, &ms);
    key(s, SDLK_RETURN, 0, ms);
    assert_int_equal(s->k->screen, KS_HOME);
    session_close(s);
    free(s);
}

static void test_typed_code_and_gs(void **state)
{
    (void)state;
    session *s = open_session();
    Uint32 ms = 1000;
    /* A person types the operator code: it lands in the field. */
    burst(s, "0002", 180, &ms);
    wms_wedge_poll(&s->wedge, (int64_t)(ms + 100) * 1000000);
    assert_string_equal(s->k->login.code, "0002");
    key(s, SDLK_RETURN, 0, ms + 200);
    assert_int_equal(s->k->login.step, 1);
    ms += 400;
    burst(s, "2345", 150, &ms);
    key(s, SDLK_RETURN, 0, ms);
    assert_int_equal(s->k->screen, KS_HOME);
    /* F4, then the scanner test page by a mouse tap on its button. */
    key(s, SDLK_F4, 0, ms + 100);
    session_frame(s, false);
    const wms_ui_zone *z = wms_ui_find(s->ui, "Scanner test");
    assert_non_null(z);
    SDL_Event ev;
    memset(&ev, 0, sizeof(ev));
    ev.type = SDL_MOUSEBUTTONDOWN;
    ev.button.x = z->r.x + 3;
    ev.button.y = z->r.y + 3;
    session_handle_event(s, &ev);
    assert_int_equal(s->ui->pressed, KA_SCANTEST); /* lit while pressed */
    assert_int_equal(s->k->screen, KS_SYNC);
    /* Slide off and release: nothing happens. */
    ev.type = SDL_MOUSEBUTTONUP;
    ev.button.x = 1;
    ev.button.y = 1;
    session_handle_event(s, &ev);
    assert_int_equal(s->k->screen, KS_SYNC);
    assert_int_equal(s->ui->pressed, 0);
    /* Press and release on it: it acts. */
    ev.type = SDL_MOUSEBUTTONDOWN;
    ev.button.x = z->r.x + 3;
    ev.button.y = z->r.y + 3;
    session_handle_event(s, &ev);
    ev.type = SDL_MOUSEBUTTONUP;
    session_handle_event(s, &ev);
    assert_int_equal(s->k->screen, KS_SCANTEST);
    /* A GS1 scan with GS sent as Ctrl+]: kept in the data. */
    ms += 1000;
    burst(s, "]C1010401000000007410LOT7", 1, &ms);
    key(s, SDLK_RIGHTBRACKET, KMOD_LCTRL, ms++);
    burst(s, "21SN1", 1, &ms);
    key(s, SDLK_RETURN, 0, ms);
    assert_int_equal(s->k->st.n, 1);
    assert_string_equal(s->k->st.raw[0], "]C1010401000000007410LOT7<GS>21SN1");
    assert_non_null(strstr(s->k->st.cls[0], "gs1"));
    /* A scan that loses its Enter is refused, not typed. */
    ms += 1000;
    burst(s, "4010000000074", 1, &ms);
    wms_wedge_poll(&s->wedge, (int64_t)(ms + 200) * 1000000);
    assert_int_equal(s->k->st.n, 2);
    assert_non_null(strstr(s->k->st.cls[1], "rejected"));
    session_close(s);
    free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_scan_burst_logs_in),
            cmocka_unit_test(test_typed_code_and_gs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * gs1_internal.h -- the constant AI table shared by gs1.c and the tests.
 */
#ifndef WMS_GS1_INTERNAL_H
#define WMS_GS1_INTERNAL_H

#include "wms/core.h"

enum gs1_cset {
    GS1_CS_NUM = 0, /* digits only                        */
    GS1_CS_82,      /* GS1 AI encodable character set 82  */
    GS1_CS_39       /* GS1 AI encodable character set 39  */
};

enum gs1_flag {
    GS1_F_CHECK = 1u << 0,    /* a mod-10 key: check digit at key_len     */
    GS1_F_DECIMAL = 1u << 1,  /* 4th digit of the AI is the decimals n   */
    GS1_F_CURRENCY = 1u << 2, /* value starts with an ISO 4217 code (N3) */
    GS1_F_COUNTRY = 1u << 3,  /* value starts with an ISO 3166 code (N3) */
    GS1_F_ZERO_LEAD = 1u << 4 /* first digit must be 0 (8003)            */
};

typedef struct gs1_ai_def {
    const char *ai;  /* "01"; for decimal families the 3-digit prefix "310" */
    uint8_t ai_len;  /* digits of the AI on the wire (4 for "310n")        */
    uint8_t min_len; /* value length bounds                                */
    uint8_t max_len;
    uint8_t cset;    /* of the part after num_len                          */
    uint8_t num_len; /* leading digits that must be numeric (8003: 14)    */
    uint8_t key_len; /* GS1_F_CHECK: digits covered incl. the check digit */
    uint8_t max_n;   /* GS1_F_DECIMAL: largest n                           */
    uint8_t kind;    /* wms_gs1_value_kind                                 */
    uint8_t flags;
    const char *title;
} gs1_ai_def;

/* The definition for the AI at the start of `s` (len bytes), or NULL. */
const gs1_ai_def *gs1_ai_lookup(const char *s, size_t len);
/* The definition for an AI given exactly ("01", "3103"), or NULL. */
const gs1_ai_def *gs1_ai_find(const char *ai, size_t len);
/* Length of AI + value for AIs whose first two digits are in the GS1
 * predefined-length table (no separator needed), else 0. */
size_t gs1_predefined_len(const char *s, size_t len);

#endif

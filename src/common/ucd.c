#include "ucd.h"

#include <pthread.h>
#include <stdlib.h>
#include <utf8proc.h>

static uint16_t *lower_delta;   /* BMP: (lower - cp) & 0xFFFF */
static uint8_t *cls;            /* BMP: WN_UC_* */
static wn_ucd_tables tables;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static int classify(int32_t cp)
{
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
        return WN_UC_LETTER;
    case UTF8PROC_CATEGORY_ND:
        return WN_UC_DIGIT;
    case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
        return WN_UC_NUMBER;
    case UTF8PROC_CATEGORY_PC: case UTF8PROC_CATEGORY_PD: case UTF8PROC_CATEGORY_PS:
    case UTF8PROC_CATEGORY_PE: case UTF8PROC_CATEGORY_PI: case UTF8PROC_CATEGORY_PF:
    case UTF8PROC_CATEGORY_PO:
        return WN_UC_PUNCT;
    case UTF8PROC_CATEGORY_SM: case UTF8PROC_CATEGORY_SC: case UTF8PROC_CATEGORY_SK:
    case UTF8PROC_CATEGORY_SO:
        return WN_UC_SYMBOL;
    case UTF8PROC_CATEGORY_ZS: case UTF8PROC_CATEGORY_ZL: case UTF8PROC_CATEGORY_ZP:
        return WN_UC_SPACE;
    default:
        return WN_UC_OTHER;
    }
}

static void build(void)
{
    uint16_t *ld = malloc(0x10000 * sizeof *ld);
    uint8_t *c = malloc(0x10000);
    if (!ld || !c) {
        free(ld);
        free(c);
        return;
    }
    for (int32_t cp = 0; cp < 0x10000; cp++) {
        ld[cp] = (uint16_t)((utf8proc_tolower(cp) - cp) & 0xFFFF);
        c[cp] = (uint8_t)classify(cp);
    }
    lower_delta = ld;
    cls = c;
    tables.lower_delta = ld;
    tables.cls = c;
}

const wn_ucd_tables *wn_ucd_bmp(void)
{
    pthread_once(&once, build);
    return tables.cls ? &tables : NULL;
}

int32_t wn_ucd_lower(int32_t cp)
{
    if (cp < 0x80)
        return (cp >= 'A' && cp <= 'Z') ? cp + 32 : cp;
    pthread_once(&once, build);
    if (cp < 0x10000 && lower_delta)
        return (int32_t)((cp + lower_delta[cp]) & 0xFFFF);
    return utf8proc_tolower(cp);
}

int wn_ucd_class(int32_t cp)
{
    pthread_once(&once, build);
    if (cp >= 0 && cp < 0x10000 && cls)
        return cls[cp];
    return cp < 0 ? WN_UC_OTHER : classify(cp);
}

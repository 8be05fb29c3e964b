/* api.c: the public entry points of the dedup index (include/winnow.h). */
#include <string.h>

#include "common/lasterror.h"
#include "dedup/index.h"
#include "winnow.h"

wn_status wn_index_stats_read(const char *dir, wn_index_stats *out)
{
    char err[512] = "";
    wn_idx_stats st;
    memset(out, 0, sizeof *out);
    wn_status s = wn_dedup_index_stats(dir, &st, err, sizeof err);
    if (s != WN_OK) {
        wn_set_last_error("%s", err[0] ? err : wn_strerror(s));
        return s;
    }
    out->documents = st.docs;
    out->band_entries = st.band_entries;
    out->band_keys = st.band_keys;
    out->exact_entries = st.exact;
    out->file_bytes = st.used_bytes;
    memcpy(out->params, st.params, sizeof out->params);
    return WN_OK;
}

wn_status wn_index_verify(const char *dir)
{
    char err[512] = "";
    wn_status s = wn_dedup_index_verify(dir, err, sizeof err);
    if (s != WN_OK)
        wn_set_last_error("%s", err[0] ? err : wn_strerror(s));
    return s;
}

wn_status wn_index_compact(const char *dir)
{
    char err[512] = "";
    wn_status s = wn_dedup_index_compact(dir, err, sizeof err);
    if (s != WN_OK)
        wn_set_last_error("%s", err[0] ? err : wn_strerror(s));
    return s;
}

// bench/cld2_lid.cc: CLD2 (Debian libcld2-dev), the second anchor of
// bench/langid.sh.  Reads lines on stdin, prints one language code a line:
// CLD2::DetectLanguage on the line as plain text, with CLD2's code for the
// language ("un" when it finds none).  Built by the bench, never by make.
#include <cstdio> // before CLD2's header, which uses FILE without it
#include <cstdlib>
#include <string>

#include <cld2/public/compact_lang_det.h>
#include <cld2/public/encodings.h>

namespace CLD2 {
const char *LanguageCode(Language lang);
}

int main()
{
    char *line = nullptr;
    size_t cap = 0;
    ssize_t n;
    std::string out;
    while ((n = getline(&line, &cap, stdin)) >= 0) {
        if (n > 0 && line[n - 1] == '\n')
            n--;
        bool reliable = false;
        CLD2::Language lang = CLD2::DetectLanguage(line, (int)n, true, &reliable);
        out += CLD2::LanguageCode(lang);
        out += '\n';
        if (out.size() > 1 << 16) {
            fwrite(out.data(), 1, out.size(), stdout);
            out.clear();
        }
    }
    fwrite(out.data(), 1, out.size(), stdout);
    free(line);
    return 0;
}

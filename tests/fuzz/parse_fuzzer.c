/*
 * libFuzzer harness for pint_parse_dotted_quad (pint/pint_parse.c), the
 * parser of addresses that drivers return as strings. Built with
 * -fsanitize=fuzzer,address,undefined: the input buffer is exactly the
 * input's size, so any read past it is reported. A reference parser written
 * differently (split on '.', then check each part) must agree on every input,
 * accepted or not, and on the bytes.
 *
 *   make fuzz-parse   (tools/run-tests libfuzzer)
 */
#include <stdlib.h>
#include <string.h>

#include "pint_parse.h"

static bool reference(const char *s, size_t len, uint8_t ip[4]) {
    size_t start = 0;
    int part = 0;
    for (size_t i = 0; i <= len; ++i) {
        if (i < len && s[i] != '.') {
            continue;
        }
        size_t n = i - start;
        if (part == 4 || n < 1 || n > 3) {
            return false;
        }
        unsigned v = 0;
        for (size_t k = start; k < i; ++k) {
            if (s[k] < '0' || s[k] > '9') {
                return false;
            }
            v = v * 10 + (unsigned)(s[k] - '0');
        }
        if (v > 255) {
            return false;
        }
        ip[part++] = (uint8_t)v;
        start = i + 1;
    }
    return part == 4;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    uint8_t got[4], want[4];
    bool ok = pint_parse_dotted_quad((const char *)data, size, got);
    bool expected = reference((const char *)data, size, want);
    if (ok != expected || (ok && memcmp(got, want, 4) != 0)) {
        abort();
    }
    return 0;
}

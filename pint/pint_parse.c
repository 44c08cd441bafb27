/*
 * PINT: parsing that needs nothing of MicroPython (see pint_parse.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include "pint_parse.h"

bool pint_parse_dotted_quad(const char *s, size_t len, uint8_t ip[4]) {
    size_t i = 0;
    for (int part = 0; part < 4; ++part) {
        if (part > 0) {
            if (i >= len || s[i] != '.') {
                return false;
            }
            ++i;
        }
        unsigned v = 0;
        size_t digits = 0;
        while (i < len && s[i] >= '0' && s[i] <= '9' && digits < 3) {
            v = v * 10 + (unsigned)(s[i] - '0');
            ++i;
            ++digits;
        }
        if (digits == 0 || v > 255) {
            return false;
        }
        ip[part] = (uint8_t)v;
    }
    return i == len;
}

/*
 * PINT: parsing that needs nothing of MicroPython (so that it can be fuzzed
 * on its own, tests/fuzz/).
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef PINT_PINT_PARSE_H
#define PINT_PINT_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

// "a.b.c.d", each part a decimal 0..255 of 1 to 3 digits, exactly len bytes
// (no terminator needed). Fills ip and returns true, or returns false (ip
// may then be partly written).
bool pint_parse_dotted_quad(const char *s, size_t len, uint8_t ip[4]);

#endif // PINT_PINT_PARSE_H

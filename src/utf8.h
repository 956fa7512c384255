/* utf8.h - the one UTF-8 validity rule of the program (the same as jansson's: no overlong
 * forms, no surrogates, nothing past U+10FFFF), and (utf8.c) display widths in terminal
 * cells and the escaping of text bound for a terminal. */
#ifndef PR_UTF8_H
#define PR_UTF8_H

#include <stddef.h>
#include <stdint.h>
#include "common.h"

/* Length (1-4) of the valid UTF-8 sequence at s[0..n), n >= 1, or 0 when it is not one. */
static inline size_t
utf8_seq_len(const unsigned char *s, size_t n)
{
	unsigned char lo = 0x80, hi = 0xBF;
	size_t len;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xC2 && s[0] <= 0xDF)
		len = 2;
	else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
		len = 3;
		if (s[0] == 0xE0)
			lo = 0xA0; /* overlong */
		else if (s[0] == 0xED)
			hi = 0x9F; /* surrogates */
	} else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
		len = 4;
		if (s[0] == 0xF0)
			lo = 0x90; /* overlong */
		else if (s[0] == 0xF4)
			hi = 0x8F; /* past U+10FFFF */
	} else
		return 0;
	if (n < len || s[1] < lo || s[1] > hi)
		return 0;
	for (size_t i = 2; i < len; i++)
		if (s[i] < 0x80 || s[i] > 0xBF)
			return 0;
	return len;
}

/* The code point of the valid sequence s[0..len), len from utf8_seq_len. */
uint32_t utf8_decode(const unsigned char *s, size_t len);
/* Terminal cells of a code point, like wcwidth() but from this program's own tables (the
 * output never depends on the locale): 2 for East Asian wide and fullwidth characters and
 * emoji shown as emoji by default, 0 for combining marks and zero-width characters, else
 * 1 (controls count 1: they are escaped before display). */
int utf8_cp_cells(uint32_t cp);
/* Cells of s[0..len); an invalid byte counts 1. */
size_t utf8_cells(const char *s, size_t len);
/* Bytes of the longest prefix of s[0..len) that takes at most cells cells (never cutting
 * a sequence, and keeping the combining marks of the last character). */
size_t utf8_fit(const char *s, size_t len, size_t cells);
/* Copy of s[0..len) safe to write to a terminal: \n, \t, \r; other C0 controls, DEL
 * and invalid bytes as \xHH; C1 controls and the characters that reorder or hide text
 * (U+061C, U+200E, U+200F, U+2028-U+202E, U+2066-U+2069) as \uHHHH. A backslash is
 * left alone. The caller frees. */
char *utf8_escape(const char *s, size_t len);
/* The same, cut with "..." once max bytes are written (a sequence is never split): at most
 * max + 8 bytes and the NUL. */
char *utf8_escape_cut(const char *s, size_t len, size_t max);

#endif

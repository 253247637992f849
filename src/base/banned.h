/*
 * banned.h — functions this project never calls. Force-included into every translation unit by the
 * Makefile, so a use is a compile error, not a review comment. Each has a bounded replacement:
 *   sprintf/vsprintf -> snprintf or struct buf (src/base/buf.h)
 *   strcpy/strcat/strncpy/strncat -> buf_add / snprintf / memcpy with an explicit length
 *   gets -> fgets;  atoi/atol/atoll -> strtol with end and errno checks (or a project parser)
 */
#ifndef SELFDIRECT_BANNED_H
#define SELFDIRECT_BANNED_H

/* The system headers that declare these come first, so the macros below touch only our code. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#define BANNED(func) sorry_##func##_is_a_banned_function

#undef strcpy
#define strcpy(x, y) BANNED(strcpy)
#undef strcat
#define strcat(x, y) BANNED(strcat)
#undef strncpy
#define strncpy(x, y, n) BANNED(strncpy)
#undef strncat
#define strncat(x, y, n) BANNED(strncat)
#undef sprintf
#define sprintf(...) BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) BANNED(vsprintf)
#undef gets
#define gets(x) BANNED(gets)
#undef atoi
#define atoi(x) BANNED(atoi)
#undef atol
#define atol(x) BANNED(atol)
#undef atoll
#define atoll(x) BANNED(atoll)

#endif

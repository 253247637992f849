/*
 * ras_config.h — reads a council's resource allocation system configuration (JSON, the format in
 * docs/ras.md, "format": "selfdirect-ras/1") into a struct ras_config (domain/ras.h).
 *
 * Strict, because a council's budgets depend on it: unknown fields are refused at every level
 * (a misspelt "max_point" must not be silently ignored), duplicate keys are refused, every number
 * that is points is a JSON whole number and every amount of money or percentage is a string
 * ("2.45", "2.5") so no value ever passes through floating point. Every error names the path of the
 * value at fault, e.g.
 *   domains[2].questions[0].answers[3].points: must be a whole number from 0 to 1000
 * and the same path is put in err.field. References between parts (a consistency rule's question
 * and answers, an adjustment's trigger) are resolved to indices here, so the calculation never
 * meets a dangling name.
 *
 * Everything parsed lives in the arena passed in; the input text is not referenced afterwards.
 */
#ifndef SELFDIRECT_IO_RAS_CONFIG_H
#define SELFDIRECT_IO_RAS_CONFIG_H

#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/date.h"

struct arena;
struct err;
struct ras_config;

#define RAS_CONFIG_FORMAT "selfdirect-ras/1"
/* A configuration file larger than this is refused before parsing. */
#define RAS_CONFIG_MAX_BYTES (4u << 20)

int ras_config_parse(const char *text, size_t len, struct arena *a, struct ras_config **out,
                     struct err *e);

/*
 * The strict JSON readers behind the parser, shared with io/ras_answers.c (the answers file
 * follows the same rules). `path` is the value's path for messages ("domains[2].title"); each
 * returns 0, or ERR_INVALID naming the path. Strings are copied into the arena.
 */
struct json_t;
#define RASJ_PATH_MAX 256
void rasj_path_key(char out[RASJ_PATH_MAX], const char *parent, const char *key);
void rasj_path_index(char out[RASJ_PATH_MAX], const char *parent, size_t i);
/* obj must be an object whose keys are all in `allowed` (NULL-terminated). */
int rasj_object(struct json_t *obj, const char *path, const char *const *allowed, struct err *e);
/* Member `key` of obj; when absent: ERR_INVALID if required, else 0 with *out NULL. A JSON null
 * counts as absent. */
int rasj_member(struct json_t *obj, const char *path, const char *key, bool required,
                struct json_t **out, struct err *e);
int rasj_string(struct json_t *obj, const char *path, const char *key, bool required,
                size_t maxlen, struct arena *a, const char **out, struct err *e);
/* An id: 1..RAS_ID_MAX characters of a-z, 0-9 and _, starting with a letter. */
int rasj_id(struct json_t *obj, const char *path, const char *key, struct arena *a,
            const char **out, struct err *e);
int rasj_int(struct json_t *obj, const char *path, const char *key, bool required, int64_t min,
             int64_t max, int64_t dflt, int64_t *out, struct err *e);
int rasj_bool(struct json_t *obj, const char *path, const char *key, bool dflt, bool *out,
              struct err *e);
/* Money as a string ("2.45") into pence. */
int rasj_money(struct json_t *obj, const char *path, const char *key, bool required,
               bool allow_negative, int64_t dflt, int64_t *out, struct err *e);
/* A percentage as a string with up to two decimals ("2.5", "-10") into basis points. */
int rasj_percent(struct json_t *obj, const char *path, const char *key, bool required,
                 int64_t min_bp, int64_t max_bp, int64_t dflt, int64_t *out, struct err *e);
/* An ISO date "YYYY-MM-DD"; *present is 0 when absent or null (and not required). */
int rasj_date(struct json_t *obj, const char *path, const char *key, bool required,
              bool *present, day_t *out, struct err *e);
/* Parses text as JSON, refusing duplicate keys and anything after the value; `what` names the
 * input in messages ("the configuration"). The caller json_decref()s *out. */
int rasj_load(const char *text, size_t len, const char *what, struct json_t **out,
              struct err *e);

#endif

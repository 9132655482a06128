
/*
 * ngx_consent_module: what fuzz/diff_table.c gives fuzz/diff_formats.c,
 * once for the cores of the tree and once for those of an older commit.
 */


#ifndef _DIFF_TABLE_H_INCLUDED_
#define _DIFF_TABLE_H_INCLUDED_


#include "consent_core.h"


#define DIFF_MAX_FORMATS  16


typedef int (*diff_parse_pt)(const u_char *p, size_t len, u_char *scratch,
    const consent_str_t *tokens, size_t ntokens, consent_result_t *res);

typedef long (*diff_pct_pt)(const u_char *p, size_t len, u_char *dst,
    unsigned flags);


typedef struct {
    const char     *name;
    diff_parse_pt   parse;
} diff_format_t;


typedef struct {
    diff_pct_pt     pct_decode;
    diff_format_t   formats[DIFF_MAX_FORMATS];
} diff_table_t;


extern const diff_table_t  diff_new;
extern const diff_table_t  diff_old;


#endif /* _DIFF_TABLE_H_INCLUDED_ */

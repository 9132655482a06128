
/*
 * ngx_consent_module: the category tokens of each marker kind that
 * fuzz/fuzz_html.c and fuzz/diff_html_side.c grant from, one table each.
 */


#ifndef _FUZZ_HTML_TOKENS_H_INCLUDED_
#define _FUZZ_HTML_TOKENS_H_INCLUDED_


static const consent_str_t  cat_tokens[] = {
    { 9, (const u_char *) "necessary" },
    { 9, (const u_char *) "analytics" },
    { 9, (const u_char *) "marketing" },
    { 1, (const u_char *) "a" },
};

static const consent_str_t  cb_tokens[] = {
    { 10, (const u_char *) "statistics" },
    { 9, (const u_char *) "marketing" },
    { 1, (const u_char *) "s" },
    { 1, (const u_char *) "m" },
};

static const consent_str_t  ot_tokens[] = {
    { 5, (const u_char *) "C0002" },
    { 5, (const u_char *) "C0004" },
    { 1, (const u_char *) "2" },
    { 1, (const u_char *) "4" },
};

static const consent_str_t  cy_tokens[] = {
    { 19, (const u_char *) "cookieyes-necessary" },
    { 19, (const u_char *) "cookieyes-analytics" },
    { 23, (const u_char *) "cookieyes-advertisement" },
};

static const consent_str_t  kl_tokens[] = {
    { 6, (const u_char *) "matomo" },
    { 8, (const u_char *) "facebook" },
};


#endif /* _FUZZ_HTML_TOKENS_H_INCLUDED_ */


/*
 * ngx_consent_module: cookies of categories the visitor has not granted,
 * removed from the request's Cookie headers and from the response's
 * Set-Cookie headers, and optionally expired in the browser.
 */


#include "ngx_http_consent.h"
#include "ngx_http_consent_cookies.h"
#include "ngx_http_consent_status.h"
#include "consent_cookie.h"


/*
 * distinct names deleted in one answer: what is left is deleted on the
 * next requests, once these are gone
 */
#define NGX_HTTP_CONSENT_EXPIRE_MAX  100

/* a PCRE2 match limit in front of every operator's regex */
#define NGX_HTTP_CONSENT_REGEX_LIMIT  "(*LIMIT_MATCH=20000)"

/*
 * The regex work of one request: runs, each bounded by the match limit.
 * nginx's ngx_regex_exec() passes pcre2_match() no match context, so the
 * limit of a run cannot be lowered to what the request has left, and PCRE2
 * does not tell how much of it a run used: a run is counted as if it had
 * used all of it.  A run that fails (its limit reached) spends the whole
 * budget.
 */
#define NGX_HTTP_CONSENT_REGEX_RUNS   100


typedef struct ngx_http_consent_rule_name_s  ngx_http_consent_rule_name_t;

struct ngx_http_consent_rule_name_s {
    ngx_str_t                       name;
    consent_cats_t                  cats;
    ngx_http_consent_rule_name_t   *next;   /* same bucket */
};


typedef struct {
    ngx_str_t                       name;   /* or the regex's source */
#if (NGX_PCRE)
    ngx_regex_t                    *regex;  /* NULL for a name */
#endif
    ngx_str_t                       prefix; /* every name it matches
                                               starts so */
    consent_cats_t                  cats;
    unsigned                        prefix_only:1; /* "^prefix": no regex
                                                      needed */
} ngx_http_consent_cookie_rule_t;


/*
 * Names are case-sensitive: they are found as they are, in buckets keyed
 * by their length and three of their bytes (no lower-casing, no pass over
 * the whole name).  The regex rules a name may match are listed by its
 * first byte: those whose literal prefix starts with it, and those with no
 * prefix, in the order of the directives.
 */

struct ngx_http_consent_cookie_rules_s {
    ngx_http_consent_rule_name_t  **names;  /* buckets */
    ngx_uint_t                      mask;   /* buckets - 1 */
    ngx_array_t                     regex;  /* ngx_http_consent_cookie_
                                               rule_t */
    ngx_http_consent_cookie_rule_t **any;   /* the regexes with no prefix,
                                               NULL-terminated */
    ngx_http_consent_cookie_rule_t **first[256]; /* by the name's first
                                               byte, NULL-terminated */
    consent_cats_t                  cats;   /* categories with a rule */
};


#if (NGX_PCRE)
static void ngx_http_consent_regex_prefix(
    ngx_http_consent_cookie_rule_t *rule);
#endif
static ngx_uint_t ngx_http_consent_name_key(u_char *name, size_t len);
static ngx_int_t ngx_http_consent_regex_buckets(ngx_conf_t *cf,
    ngx_http_consent_cookie_rules_t *rules);
static ngx_int_t ngx_http_consent_read_lines(ngx_http_request_t *r,
    ngx_http_consent_ctx_t *ctx);
static ngx_int_t ngx_http_consent_cookies_scan(ngx_http_request_t *r,
    ngx_http_consent_loc_conf_t *clcf, ngx_uint_t rewrite, ngx_uint_t expire);
#if (NGX_PCRE)
static consent_cats_t ngx_http_consent_cookie_regex(ngx_http_request_t *r,
    ngx_http_consent_ctx_t *ctx, ngx_http_consent_cookie_rules_t *rules,
    u_char *name, size_t len, consent_cats_t cats);
#endif
static consent_cats_t ngx_http_consent_cookie_cats(ngx_http_request_t *r,
    ngx_http_consent_ctx_t *ctx, ngx_http_consent_cookie_rules_t *rules,
    u_char *name, size_t len);
static ngx_int_t ngx_http_consent_expire(ngx_http_request_t *r,
    ngx_http_consent_ctx_t *ctx);
static int ngx_libc_cdecl ngx_http_consent_expire_cmp(const void *one,
    const void *two);
static ngx_int_t ngx_http_consent_expire_one(ngx_http_request_t *r,
    ngx_str_t *name, ngx_str_t *domain, ngx_str_t *path);
static ngx_int_t ngx_http_consent_set_cookie_name(ngx_str_t *value,
    ngx_str_t *name);


/* consent_strip_cookies CATEGORY NAME|~REGEX ...; */

char *
ngx_http_consent_strip_cookies(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf)
{
    ngx_http_consent_loc_conf_t *clcf = conf;

    ngx_int_t                        category;
    ngx_str_t                       *value;
    ngx_uint_t                       i;
    ngx_http_consent_main_conf_t    *cmcf;
    ngx_http_consent_cookie_rule_t  *rule;
#if (NGX_PCRE)
    u_char                          *p;
    ngx_regex_compile_t              rc;
    u_char                           errstr[NGX_MAX_CONF_ERRSTR];
#endif

    value = cf->args->elts;
    cmcf = ngx_http_conf_get_module_main_conf(cf, ngx_http_consent_module);

    category = ngx_http_consent_optional_category(cf, cmcf, &value[1]);

    if (category == NGX_ERROR) {
        return NGX_CONF_ERROR;
    }

    cmcf->strip = 1;

    if (clcf->strip_rules == NGX_CONF_UNSET_PTR) {
        clcf->strip_rules = ngx_array_create(cf->pool, 8,
                                   sizeof(ngx_http_consent_cookie_rule_t));
        if (clcf->strip_rules == NULL) {
            return NGX_CONF_ERROR;
        }
    }

    for (i = 2; i < cf->args->nelts; i++) {

        rule = ngx_array_push(clcf->strip_rules);
        if (rule == NULL) {
            return NGX_CONF_ERROR;
        }

        ngx_memzero(rule, sizeof(ngx_http_consent_cookie_rule_t));
        rule->cats = CONSENT_BIT(category);
        rule->name = value[i];

        if (value[i].len > 1 && value[i].data[0] == '~') {

#if (NGX_PCRE)
            ngx_memzero(&rc, sizeof(ngx_regex_compile_t));

            rc.pattern.len = sizeof(NGX_HTTP_CONSENT_REGEX_LIMIT) - 1
                             + value[i].len - 1;
            rc.pattern.data = ngx_pnalloc(cf->pool, rc.pattern.len);
            if (rc.pattern.data == NULL) {
                return NGX_CONF_ERROR;
            }

            p = ngx_cpymem(rc.pattern.data, NGX_HTTP_CONSENT_REGEX_LIMIT,
                           sizeof(NGX_HTTP_CONSENT_REGEX_LIMIT) - 1);
            ngx_memcpy(p, value[i].data + 1, value[i].len - 1);

            rc.pool = cf->pool;
            rc.err.len = NGX_MAX_CONF_ERRSTR;
            rc.err.data = errstr;

            if (ngx_regex_compile(&rc) != NGX_OK) {
                ngx_conf_log_error(NGX_LOG_EMERG, cf, 0, "%V", &rc.err);
                return NGX_CONF_ERROR;
            }

            rule->regex = rc.regex;

            ngx_http_consent_regex_prefix(rule);
            continue;
#else
            ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                               "using regex \"%V\" requires PCRE library",
                               &value[i]);
            return NGX_CONF_ERROR;
#endif
        }

        if (!ngx_http_consent_valid_cookie_name(&value[i])) {
            ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                               "invalid cookie name \"%V\"", &value[i]);
            return NGX_CONF_ERROR;
        }
    }

    return NGX_CONF_OK;
}


#if (NGX_PCRE)

/*
 * Most tracker patterns are a literal prefix ("~^_ga_", "~^_hjSession"):
 * a name that does not start with it cannot match, and a pattern that is
 * nothing but "^prefix" needs no regex at all.  The prefix stops before
 * anything that is not a plain name character, and loses its last
 * character when a quantifier follows ("^_gax?" gives "_ga"); a pattern
 * with "|" anywhere gets none.
 */

static void
ngx_http_consent_regex_prefix(ngx_http_consent_cookie_rule_t *rule)
{
    u_char  *p, *start, *end;

    ngx_str_null(&rule->prefix);
    rule->prefix_only = 0;

    start = rule->name.data + 1;      /* after "~" */
    end = rule->name.data + rule->name.len;

    if (start == end || *start != '^'
        || ngx_strlchr(start, end, '|') != NULL)
    {
        return;
    }

    start++;

    for (p = start; p < end; p++) {
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')
              || (*p >= '0' && *p <= '9') || *p == '_' || *p == '-'))
        {
            break;
        }
    }

    if (p < end && (*p == '?' || *p == '*' || *p == '{')) {
        p--;

    } else if (p == end) {
        rule->prefix_only = 1;
    }

    if (p > start) {
        rule->prefix.data = start;
        rule->prefix.len = p - start;

    } else {
        rule->prefix_only = 0;
    }
}

#endif


/*
 * The rules of a level, with their names in buckets and their regexes
 * listed by first byte: built once for the level that has them, inherited
 * whole by the levels below.
 */

char *
ngx_http_consent_cookies_merge(ngx_conf_t *cf,
    ngx_http_consent_loc_conf_t *prev, ngx_http_consent_loc_conf_t *conf)
{
    ngx_uint_t                        i, size, key;
    ngx_http_consent_rule_name_t     *name;
    ngx_http_consent_cookie_rule_t   *rule;
    ngx_http_consent_cookie_rules_t  *rules;
#if (NGX_PCRE)
    ngx_http_consent_cookie_rule_t   *re;
#endif

    if (conf->strip_rules == NGX_CONF_UNSET_PTR) {

        if (prev->strip_rules != NGX_CONF_UNSET_PTR
            && prev->cookie_rules == NULL)
        {
            /* the http level is merged only as a parent */
            if (ngx_http_consent_cookies_merge(cf, prev, prev)
                != NGX_CONF_OK)
            {
                return NGX_CONF_ERROR;
            }
        }

        conf->strip_rules = prev->strip_rules;
        conf->cookie_rules = prev->cookie_rules;

        return NGX_CONF_OK;
    }

    if (conf->cookie_rules) {
        return NGX_CONF_OK;
    }

    rules = ngx_pcalloc(cf->pool, sizeof(ngx_http_consent_cookie_rules_t));
    if (rules == NULL) {
        return NGX_CONF_ERROR;
    }

    if (ngx_array_init(&rules->regex, cf->pool, 2,
                       sizeof(ngx_http_consent_cookie_rule_t))
        != NGX_OK)
    {
        return NGX_CONF_ERROR;
    }

    rule = conf->strip_rules->elts;

    /* buckets: a power of two, at least twice the names */

    for (size = 8; size < 2 * conf->strip_rules->nelts; size *= 2) {
        /* void */
    }

    rules->names = ngx_pcalloc(cf->pool,
                               size * sizeof(ngx_http_consent_rule_name_t *));
    if (rules->names == NULL) {
        return NGX_CONF_ERROR;
    }

    rules->mask = size - 1;

    for (i = 0; i < conf->strip_rules->nelts; i++) {

        rules->cats |= rule[i].cats;

#if (NGX_PCRE)
        if (rule[i].regex) {
            re = ngx_array_push(&rules->regex);
            if (re == NULL) {
                return NGX_CONF_ERROR;
            }

            *re = rule[i];
            continue;
        }
#endif

        /* a name given twice, for two categories, has one entry */

        key = ngx_http_consent_name_key(rule[i].name.data, rule[i].name.len)
              & rules->mask;

        for (name = rules->names[key]; name; name = name->next) {
            if (name->name.len == rule[i].name.len
                && ngx_strncmp(name->name.data, rule[i].name.data,
                               rule[i].name.len)
                   == 0)
            {
                name->cats |= rule[i].cats;
                break;
            }
        }

        if (name) {
            continue;
        }

        name = ngx_palloc(cf->pool, sizeof(ngx_http_consent_rule_name_t));
        if (name == NULL) {
            return NGX_CONF_ERROR;
        }

        name->name = rule[i].name;
        name->cats = rule[i].cats;
        name->next = rules->names[key];
        rules->names[key] = name;
    }

    if (ngx_http_consent_regex_buckets(cf, rules) != NGX_OK) {
        return NGX_CONF_ERROR;
    }

    conf->cookie_rules = rules;

    return NGX_CONF_OK;
}


/*
 * The key of a name's bucket: its length and its first, middle and last
 * bytes, as they are (names are case-sensitive)
 */

static ngx_uint_t
ngx_http_consent_name_key(u_char *name, size_t len)
{
    if (len == 0) {
        return 0;
    }

    return len * 0x9e3779b1
           + ((ngx_uint_t) name[0] << 16)
           + ((ngx_uint_t) name[len / 2] << 8)
           + name[len - 1] * 31;
}


/*
 * For each first byte, the regex rules whose prefix starts with it and
 * those with no prefix, in the order of the directives; a byte that starts
 * no prefix shares the list of those with none.
 */

static ngx_int_t
ngx_http_consent_regex_buckets(ngx_conf_t *cf,
    ngx_http_consent_cookie_rules_t *rules)
{
    size_t                            size;
    ngx_uint_t                        i, c, n, nany, count[256];
    ngx_http_consent_cookie_rule_t   *re, **list;

    re = rules->regex.elts;
    nany = 0;

    ngx_memzero(count, sizeof(count));

    for (i = 0; i < rules->regex.nelts; i++) {
        if (re[i].prefix.len) {
            count[re[i].prefix.data[0]]++;

        } else {
            nany++;
        }
    }

    size = sizeof(ngx_http_consent_cookie_rule_t *);

    rules->any = ngx_palloc(cf->pool, (nany + 1) * size);
    if (rules->any == NULL) {
        return NGX_ERROR;
    }

    n = 0;

    for (i = 0; i < rules->regex.nelts; i++) {
        if (re[i].prefix.len == 0) {
            rules->any[n++] = &re[i];
        }
    }

    rules->any[n] = NULL;

    for (c = 0; c < 256; c++) {

        if (count[c] == 0) {
            rules->first[c] = rules->any;
            continue;
        }

        list = ngx_palloc(cf->pool, (count[c] + nany + 1) * size);
        if (list == NULL) {
            return NGX_ERROR;
        }

        n = 0;

        for (i = 0; i < rules->regex.nelts; i++) {
            if (re[i].prefix.len == 0 || re[i].prefix.data[0] == c) {
                list[n++] = &re[i];
            }
        }

        list[n] = NULL;
        rules->first[c] = list;
    }

    return NGX_OK;
}


/*
 * The categories whose rules name the cookie.  A name too long to look at,
 * a regex that fails (its match limit), or a name that needs a regex once
 * the request has spent its regex budget counts as a match: fail closed.
 */

static consent_cats_t
ngx_http_consent_cookie_cats(ngx_http_request_t *r,
    ngx_http_consent_ctx_t *ctx, ngx_http_consent_cookie_rules_t *rules,
    u_char *name, size_t len)
{
    consent_cats_t                  cats;
    ngx_http_consent_rule_name_t   *n;

    if (len > NGX_HTTP_CONSENT_NAME_MAX) {
        return rules->regex.nelts ? rules->cats : 0;
    }

    cats = 0;

    n = rules->names[ngx_http_consent_name_key(name, len) & rules->mask];

    for ( /* void */ ; n; n = n->next) {
        if (n->name.len == len && ngx_memcmp(n->name.data, name, len) == 0) {
            cats = n->cats;
            break;
        }
    }

#if (NGX_PCRE)
    if (rules->regex.nelts) {
        cats |= ngx_http_consent_cookie_regex(r, ctx, rules, name, len, cats);
    }
#endif

    return cats;
}


#if (NGX_PCRE)

/* the categories of the regex rules that match, those in cats aside */

static consent_cats_t
ngx_http_consent_cookie_regex(ngx_http_request_t *r,
    ngx_http_consent_ctx_t *ctx, ngx_http_consent_cookie_rules_t *rules,
    u_char *name, size_t len, consent_cats_t cats)
{
    ngx_int_t                         rc;
    ngx_str_t                         s;
    ngx_log_t                         log;
    ngx_http_consent_cookie_rule_t   *re, **list;

    s.data = name;
    s.len = len;

    list = len ? rules->first[name[0]] : rules->any;

    for ( /* void */ ; *list; list++) {

        re = *list;

        if (cats & re->cats) {
            continue;
        }

        /* the first byte is the bucket's, the second tells most apart */

        if (re->prefix.len > 1
            && (len < re->prefix.len
                || name[1] != re->prefix.data[1]
                || ngx_memcmp(name + 2, re->prefix.data + 2,
                              re->prefix.len - 2)
                   != 0))
        {
            continue;
        }

        if (re->prefix_only) {
            cats |= re->cats;
            continue;
        }

        if (ctx->regex_runs >= NGX_HTTP_CONSENT_REGEX_RUNS) {
            cats |= re->cats;
            continue;
        }

        if (++ctx->regex_runs == NGX_HTTP_CONSENT_REGEX_RUNS) {
            ngx_log_error(NGX_LOG_INFO, ngx_http_consent_client_log(r, &log),
                          0, "consent: %d regex runs spent on cookie names, "
                          "the names left are stripped",
                          NGX_HTTP_CONSENT_REGEX_RUNS);
        }

        rc = ngx_regex_exec(re->regex, &s, NULL, 0);

        if (rc == NGX_REGEX_NO_MATCHED) {
            continue;
        }

        if (rc < 0) {
            /* the client's log: the request's adds the client address */

            ngx_log_error(NGX_LOG_INFO, ngx_http_consent_client_log(r, &log),
                          0, ngx_regex_exec_n " failed: %i on a cookie name "
                          "for \"%V\", it and the names left are stripped",
                          rc, &re->name);

            ctx->regex_runs = NGX_HTTP_CONSENT_REGEX_RUNS;
        }

        cats |= re->cats;
    }

    return cats;
}

#endif


/*
 * The request's Cookie headers lose the cookies of denied categories
 * before anything is proxied: the value is rewritten, since the proxy
 * module sends request headers whatever their hash.
 */

ngx_int_t
ngx_http_consent_strip_request(ngx_http_request_t *r)
{
    ngx_http_consent_loc_conf_t  *clcf;

    clcf = ngx_http_get_module_loc_conf(r, ngx_http_consent_module);

    /* the endpoint proxies nothing, and reads every cookie when withdrawn */

    if (clcf->cookie_rules == NULL || clcf->endpoint) {
        return NGX_OK;
    }

    return ngx_http_consent_cookies_scan(r, clcf, 1, clcf->expire_cookies);
}


/*
 * consent_endpoint, after a decision: the cookies of every category it
 * denies are deleted in the browser, consent_expire_cookies or not
 */

ngx_int_t
ngx_http_consent_expire_denied(ngx_http_request_t *r,
    ngx_http_consent_loc_conf_t *clcf)
{
    return ngx_http_consent_cookies_scan(r, clcf, 0, 1);
}


/*
 * The evaluation read the Cookie headers and noted their cookies: they are
 * kept in the request when this location's rules will drop some, and the
 * buffer held them all; otherwise they are read again if needed
 */

void
ngx_http_consent_keep_lines(ngx_http_request_t *r,
    ngx_http_consent_ctx_t *ctx, ngx_http_consent_noted_t *noted)
{
    u_char                       *p;
    ngx_http_consent_loc_conf_t  *clcf;

    clcf = ngx_http_get_module_loc_conf(r, ngx_http_consent_module);

    if (noted->full || clcf->cookie_rules == NULL
        || (clcf->cookie_rules->cats & ~ctx->granted) == 0)
    {
        return;
    }

    p = ngx_palloc(r->pool,
                   noted->nlines * sizeof(ngx_http_consent_line_t)
                   + noted->npairs * sizeof(ngx_http_consent_pair_t));
    if (p == NULL) {
        return;
    }

    ctx->lines = (ngx_http_consent_line_t *) p;
    ctx->pairs = (ngx_http_consent_pair_t *)
                     ngx_cpymem(p, noted->line,
                                noted->nlines
                                * sizeof(ngx_http_consent_line_t));
    ngx_memcpy(ctx->pairs, noted->pair,
               noted->npairs * sizeof(ngx_http_consent_pair_t));

    ctx->nlines = noted->nlines;
    ctx->lines_read = 1;
}


/*
 * The request's Cookie headers and their cookies, when the evaluation did
 * not keep them (too many, another location, consent_endpoint decided)
 */

static ngx_int_t
ngx_http_consent_read_lines(ngx_http_request_t *r,
    ngx_http_consent_ctx_t *ctx)
{
    consent_str_t              name, value;
    ngx_array_t                lines, pairs;
    ngx_table_elt_t           *h;
    ngx_http_consent_pair_t   *pair;
    ngx_http_consent_line_t   *line;
    ngx_http_consent_walk_t    w;
    consent_cookie_iter_t      it;

    if (ngx_array_init(&lines, r->pool, 2, sizeof(ngx_http_consent_line_t))
        != NGX_OK
        || ngx_array_init(&pairs, r->pool, NGX_HTTP_CONSENT_KEEP_PAIRS,
                          sizeof(ngx_http_consent_pair_t))
           != NGX_OK)
    {
        return NGX_ERROR;
    }

    ngx_http_consent_walk_init(&w, &r->headers_in.headers);

    while ((h = ngx_http_consent_walk_next(&w)) != NULL) {

        if (!ngx_http_consent_header_is(h, "Cookie", sizeof("Cookie") - 1)) {
            continue;
        }

        line = ngx_array_push(&lines);
        if (line == NULL) {
            return NGX_ERROR;
        }

        line->header = h;
        line->first = pairs.nelts;

        consent_cookie_iter_init(&it, h->value.data, h->value.len);

        while (consent_cookie_next(&it, &name, &value) == CONSENT_OK) {

            pair = ngx_array_push(&pairs);
            if (pair == NULL) {
                return NGX_ERROR;
            }

            pair->name = name.data;
            pair->len = name.len;
            pair->last = it.last;
        }

        line->npairs = pairs.nelts - line->first;
        line->truncated = (it.pairs > CONSENT_COOKIE_MAX_PAIRS);
    }

    ctx->lines = lines.elts;
    ctx->pairs = pairs.elts;
    ctx->nlines = lines.nelts;
    ctx->lines_read = 1;

    return NGX_OK;
}


/*
 * With rewrite, drops the cookies of denied categories from the Cookie
 * headers; with expire, notes their names to be deleted in the browser.
 */

static ngx_int_t
ngx_http_consent_cookies_scan(ngx_http_request_t *r,
    ngx_http_consent_loc_conf_t *clcf, ngx_uint_t rewrite, ngx_uint_t expire)
{
    u_char                        *p, *start;
    ngx_uint_t                     i, k, dropped;
    ngx_str_t                     *expired;
    consent_cats_t                 denied;
    ngx_table_elt_t               *h;
    ngx_http_consent_pair_t       *pair;
    ngx_http_consent_line_t       *line;
    ngx_http_consent_ctx_t        *ctx;
    ngx_http_consent_main_conf_t  *cmcf;

    ctx = ngx_http_consent_eval(r);
    if (ctx == NULL) {
        return NGX_ERROR;
    }

    denied = clcf->cookie_rules->cats & ~ctx->granted;

    if (denied == 0 || r != r->main || ctx->stripped) {
        return NGX_OK;
    }

    ctx->stripped = 1;

    if (!ctx->lines_read && ngx_http_consent_read_lines(r, ctx) != NGX_OK) {
        return NGX_ERROR;
    }

    cmcf = ngx_http_get_module_main_conf(r, ngx_http_consent_module);

    line = ctx->lines;

    for (i = 0; i < ctx->nlines; i++) {

        h = line[i].header;
        pair = ctx->pairs + line[i].first;

        if (line[i].npairs == 0 && !line[i].truncated) {
            continue;
        }

        if (rewrite) {
            p = ngx_pnalloc(r->pool, h->value.len);
            if (p == NULL) {
                return NGX_ERROR;
            }

        } else {
            p = NULL;
        }

        start = p;
        dropped = 0;

        for (k = 0; k < line[i].npairs; k++) {

            if (ngx_http_consent_cookie_cats(r, ctx, clcf->cookie_rules,
                                             (u_char *) pair[k].name,
                                             pair[k].len)
                & denied)
            {
                dropped++;

                if (expire) {
                    if (ctx->expired == NULL) {
                        ctx->expired = ngx_array_create(r->pool, 4,
                                                        sizeof(ngx_str_t));
                        if (ctx->expired == NULL) {
                            return NGX_ERROR;
                        }
                    }

                    expired = ngx_array_push(ctx->expired);
                    if (expired == NULL) {
                        return NGX_ERROR;
                    }

                    expired->data = (u_char *) pair[k].name;
                    expired->len = pair[k].len;
                }

                continue;
            }

            if (!rewrite) {
                continue;
            }

            if (p != start) {
                *p++ = ';';
                *p++ = ' ';
            }

            p = ngx_cpymem(p, pair[k].name, pair[k].last - pair[k].name);
        }

        /* what the scanner did not read (past its limit) is dropped too */

        if (rewrite && (dropped || line[i].truncated)) {
            ngx_http_consent_count(cmcf, cookies_stripped, dropped);

            ngx_log_debug3(NGX_LOG_DEBUG_HTTP, r->connection->log, 0,
                           "consent: %ui cookies stripped, \"%*s\" kept",
                           dropped, (size_t) (p - start), start);

            h->value.data = start;
            h->value.len = p - start;
        }
    }

    return NGX_OK;
}


/*
 * Set-Cookie headers for cookies of denied categories are removed, whoever
 * added them: the upstream, add_header, userid, an error_page answer, a
 * cached response.
 */

ngx_int_t
ngx_http_consent_set_cookie_filter(ngx_http_request_t *r)
{
    ngx_uint_t                     removed;
    ngx_str_t                      name;
    consent_cats_t                 denied;
    ngx_table_elt_t               *h;
    ngx_http_consent_walk_t        w;
    ngx_http_consent_ctx_t        *ctx;
    ngx_http_consent_loc_conf_t   *clcf;
    ngx_http_consent_main_conf_t  *cmcf;

    clcf = ngx_http_get_module_loc_conf(r, ngx_http_consent_module);

    if (clcf->cookie_rules == NULL || r != r->main) {
        return NGX_OK;
    }

    ctx = ngx_http_consent_eval(r);
    if (ctx == NULL) {
        return NGX_ERROR;
    }

    denied = clcf->cookie_rules->cats & ~ctx->granted;

    if (denied == 0) {
        return NGX_OK;
    }

    removed = 0;

    ngx_http_consent_walk_init(&w, &r->headers_out.headers);

    while ((h = ngx_http_consent_walk_next(&w)) != NULL) {

        if (h->hash == 0
            || !ngx_http_consent_header_is(h, "Set-Cookie",
                                           sizeof("Set-Cookie") - 1))
        {
            continue;
        }

        if (ngx_http_consent_set_cookie_name(&h->value, &name) != NGX_OK
            || ngx_http_consent_cookie_cats(r, ctx, clcf->cookie_rules,
                                            name.data, name.len)
               & denied)
        {
            ngx_log_debug1(NGX_LOG_DEBUG_HTTP, r->connection->log, 0,
                           "consent: Set-Cookie \"%V\" removed", &name);
            h->hash = 0;
            removed++;
        }
    }

    cmcf = ngx_http_get_module_main_conf(r, ngx_http_consent_module);

    ngx_http_consent_count(cmcf, set_cookies_removed, removed);

    /* a request answered before the access phase was not scanned yet */

    if (clcf->expire_cookies && !ctx->stripped
        && ngx_http_consent_cookies_scan(r, clcf, 0, 1) != NGX_OK)
    {
        return NGX_ERROR;
    }

    if (ctx->expired && ngx_http_consent_expire(r, ctx) != NGX_OK) {
        return NGX_ERROR;
    }

    return NGX_OK;
}


/*
 * The name of a Set-Cookie: what comes before the first '=' of the first
 * attribute, spaces trimmed.  A header with no name cannot be told apart:
 * removed.
 */

static ngx_int_t
ngx_http_consent_set_cookie_name(ngx_str_t *value, ngx_str_t *name)
{
    u_char  *p, *last, *eq;

    p = value->data;
    last = value->data + value->len;

    eq = ngx_strlchr(p, last, '=');
    if (eq == NULL || ngx_strlchr(p, eq, ';')) {
        ngx_str_null(name);
        return NGX_DECLINED;
    }

    while (p < eq && (*p == ' ' || *p == '\t')) {
        p++;
    }

    while (eq > p && (eq[-1] == ' ' || eq[-1] == '\t')) {
        eq--;
    }

    name->data = p;
    name->len = eq - p;

    return (name->len == 0) ? NGX_DECLINED : NGX_OK;
}


/* consent_expire_cookies on|off [domain=DOMAIN] [path=PATH]; */

char *
ngx_http_consent_expire_cookies(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf)
{
    ngx_http_consent_loc_conf_t *clcf = conf;

    u_char      *p;
    ngx_str_t   *value, *s;
    ngx_uint_t   i;

    if (clcf->expire_cookies != NGX_CONF_UNSET) {
        return "is duplicate";
    }

    value = cf->args->elts;

    if (ngx_strcmp(value[1].data, "on") == 0) {
        clcf->expire_cookies = 1;

    } else if (ngx_strcmp(value[1].data, "off") == 0 && cf->args->nelts == 2)
    {
        clcf->expire_cookies = 0;
        return NGX_CONF_OK;

    } else {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "invalid value \"%V\", it must be \"on\" or "
                           "\"off\" alone", &value[1]);
        return NGX_CONF_ERROR;
    }

    for (i = 2; i < cf->args->nelts; i++) {

        if (ngx_http_consent_param_once(cf, i) != NGX_OK) {
            return NGX_CONF_ERROR;
        }

        if (ngx_http_consent_param(&value[i], "domain=", 7,
                                   &clcf->expire_domain)
            == NGX_OK)
        {
            s = &clcf->expire_domain;

        } else if (ngx_http_consent_param(&value[i], "path=", 5,
                                          &clcf->expire_path)
                   == NGX_OK)
        {
            s = &clcf->expire_path;

            if (s->len == 0 || s->data[0] != '/') {
                goto invalid;
            }

        } else {
            goto invalid;
        }

        /* attribute values: no separator, no space, no control */

        for (p = s->data; p < s->data + s->len; p++) {
            if (*p <= ' ' || *p >= 0x7f || *p == ';' || *p == ',') {
                goto invalid;
            }
        }

        if (s->len == 0) {
            goto invalid;
        }
    }

    return NGX_CONF_OK;

invalid:

    ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                       "invalid parameter \"%V\"", &value[i]);

    return NGX_CONF_ERROR;
}


/*
 * consent_expire_cookies: delete in the browser what was stripped, on the
 * host and, when configured, on the domain and path trackers use.  Each
 * name is deleted once however many copies the request carried: the names
 * are sorted (n log n, whatever the request holds) and the copies skipped,
 * and no more than NGX_HTTP_CONSENT_EXPIRE_MAX names are deleted at once.
 */

static ngx_int_t
ngx_http_consent_expire(ngx_http_request_t *r, ngx_http_consent_ctx_t *ctx)
{
    ngx_str_t                    *name, *prev;
    ngx_uint_t                    i, n;
    ngx_http_consent_loc_conf_t  *clcf;

    clcf = ngx_http_get_module_loc_conf(r, ngx_http_consent_module);
    name = ctx->expired->elts;

    ngx_qsort(name, ctx->expired->nelts, sizeof(ngx_str_t),
              ngx_http_consent_expire_cmp);

    prev = NULL;
    n = 0;

    for (i = 0; i < ctx->expired->nelts; i++) {

        if (prev && ngx_http_consent_expire_cmp(prev, &name[i]) == 0) {
            continue;
        }

        prev = &name[i];

        if (n++ == NGX_HTTP_CONSENT_EXPIRE_MAX) {
            ngx_log_debug0(NGX_LOG_DEBUG_HTTP, r->connection->log, 0,
                           "consent: too many cookies to delete at once");
            break;
        }

        if (ngx_http_consent_expire_one(r, &name[i], NULL, NULL) != NGX_OK) {
            return NGX_ERROR;
        }

        if ((clcf->expire_domain.len || clcf->expire_path.len)
            && ngx_http_consent_expire_one(r, &name[i],
                                           &clcf->expire_domain,
                                           &clcf->expire_path)
               != NGX_OK)
        {
            return NGX_ERROR;
        }
    }

    ctx->expired = NULL;

    return NGX_OK;
}


/* names in any order that puts copies next to each other */

static int ngx_libc_cdecl
ngx_http_consent_expire_cmp(const void *one, const void *two)
{
    const ngx_str_t  *a = one;
    const ngx_str_t  *b = two;

    if (a->len != b->len) {
        return (a->len < b->len) ? -1 : 1;
    }

    return ngx_memcmp(a->data, b->data, a->len);
}


static ngx_int_t
ngx_http_consent_expire_one(ngx_http_request_t *r, ngx_str_t *name,
    ngx_str_t *domain, ngx_str_t *path)
{
    u_char           *p;
    size_t            len;
    ngx_table_elt_t  *set_cookie;

    len = name->len + sizeof("=; Max-Age=0; Path=") - 1
          + ((path && path->len) ? path->len : 1);

    if (domain && domain->len) {
        len += sizeof("; Domain=") - 1 + domain->len;
    }

    p = ngx_pnalloc(r->pool, len);
    if (p == NULL) {
        return NGX_ERROR;
    }

    set_cookie = ngx_http_consent_add_header(r, "Set-Cookie",
                                             sizeof("Set-Cookie") - 1);
    if (set_cookie == NULL) {
        return NGX_ERROR;
    }

    set_cookie->value.data = p;

    p = ngx_cpymem(p, name->data, name->len);
    p = ngx_cpymem(p, "=; Max-Age=0; Path=", sizeof("=; Max-Age=0; Path=") - 1);

    if (path && path->len) {
        p = ngx_cpymem(p, path->data, path->len);

    } else {
        *p++ = '/';
    }

    if (domain && domain->len) {
        p = ngx_cpymem(p, "; Domain=", sizeof("; Domain=") - 1);
        p = ngx_cpymem(p, domain->data, domain->len);
    }

    set_cookie->value.len = p - set_cookie->value.data;

    return NGX_OK;
}

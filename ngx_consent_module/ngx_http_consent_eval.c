
/*
 * ngx_consent_module: the evaluation of a request, once, when first asked.
 */


#include "ngx_http_consent.h"
#include "ngx_http_consent_formats.h"
#include "ngx_http_consent_status.h"
#include "consent_cookie.h"
#include "consent_complianz.h"


#define NGX_HTTP_CONSENT_FUTURE  86400   /* clock skew allowed, seconds */


typedef struct {
    ngx_uint_t                   n;
    ngx_uint_t                   overflow;
    consent_str_t                value[NGX_HTTP_CONSENT_MAX_FAMILY];
} ngx_http_consent_copies_t;


static ngx_int_t ngx_http_consent_read_headers(ngx_http_request_t *r,
    ngx_http_consent_loc_conf_t *clcf, ngx_http_consent_ctx_t *ctx,
    ngx_http_consent_copies_t *copies, ngx_http_consent_noted_t *noted);
static ngx_int_t ngx_http_consent_family(ngx_http_request_t *r,
    ngx_http_consent_copies_t *copies);
static ngx_int_t ngx_http_consent_decide(ngx_http_request_t *r,
    ngx_http_consent_loc_conf_t *clcf, ngx_http_consent_cookie_t *cookie,
    ngx_http_consent_copies_t *copies, ngx_http_consent_ctx_t *ctx,
    consent_cats_t *granted, consent_cats_t *veto);
static consent_cats_t ngx_http_consent_restrict(ngx_http_request_t *r,
    ngx_http_consent_cookie_t *cookie, ngx_http_consent_copies_t *copies);
static consent_cats_t ngx_http_consent_signals(ngx_http_request_t *r,
    ngx_http_consent_ctx_t *ctx);
static void ngx_http_consent_veto(ngx_http_consent_ctx_t *ctx,
    consent_cats_t veto);
static void ngx_http_consent_log_invalid(ngx_http_request_t *r,
    ngx_str_t *name, const char *reason);


ngx_str_t  ngx_http_consent_state_names[] = {
    ngx_string("unset"),               /* NGX_HTTP_CONSENT_STATE_UNSET */
    ngx_string("accepted"),            /* NGX_HTTP_CONSENT_STATE_ACCEPTED */
    ngx_string("rejected"),            /* NGX_HTTP_CONSENT_STATE_REJECTED */
    ngx_string("partial"),             /* NGX_HTTP_CONSENT_STATE_PARTIAL */
    ngx_string("invalid"),             /* NGX_HTTP_CONSENT_STATE_INVALID */
};


ngx_str_t  ngx_http_consent_source_names[] = {
    ngx_string("regime"),              /* NGX_HTTP_CONSENT_SOURCE_REGIME */
    ngx_string("cookie"),              /* NGX_HTTP_CONSENT_SOURCE_COOKIE */
    ngx_string("signal"),              /* NGX_HTTP_CONSENT_SOURCE_SIGNAL */
    ngx_string("invalid"),             /* NGX_HTTP_CONSENT_SOURCE_INVALID */
    ngx_string("expired"),             /* NGX_HTTP_CONSENT_SOURCE_EXPIRED */
};


ngx_http_consent_ctx_t *
ngx_http_consent_eval(ngx_http_request_t *r)
{
    ngx_int_t                      rc;
    ngx_uint_t                     i, flags, decided;
    consent_cats_t                 granted, veto;
    ngx_http_consent_ctx_t        *ctx;
    ngx_http_consent_noted_t      *noted;
    ngx_http_consent_cookie_t     *cookie;
    ngx_http_consent_copies_t      copies[NGX_HTTP_CONSENT_MAX_COOKIES];
    ngx_http_consent_loc_conf_t   *clcf;
    ngx_http_consent_main_conf_t  *cmcf;
    ngx_http_consent_noted_t       buf;

    /* every variable asks: the evaluated context is found first */

    ctx = ngx_http_get_module_ctx(r->main, ngx_http_consent_module);

    if (ctx == NULL) {
        ctx = ngx_http_consent_request_ctx(r);
        if (ctx == NULL) {
            return NULL;
        }
    }

    if (ctx->evaluated) {
        return ctx;
    }

    r = r->main;

    cmcf = ngx_http_get_module_main_conf(r, ngx_http_consent_module);
    clcf = ngx_http_get_module_loc_conf(r, ngx_http_consent_module);

    /* the values are written before they are read: only the counts */

    for (i = 0; i < clcf->cookies->nelts; i++) {
        copies[i].n = 0;
        copies[i].overflow = 0;
    }

    /* the cookies consent_strip_cookies may drop are noted as they come */

    if (clcf->cookie_rules && !ctx->lines_read) {
        noted = &buf;
        noted->nlines = 0;
        noted->npairs = 0;
        noted->full = 0;

    } else {
        noted = NULL;
    }

    rc = ngx_http_consent_read_headers(r, clcf, ctx, copies, noted);

    cookie = clcf->cookies->elts;
    granted = 0;
    ctx->revision = -1;

    /*
     * The first configured consent cookie that is present and says
     * something decides.  Formats that refuse (usprivacy, gpp's US
     * sections) refuse on top of whatever decided, as signals do; each
     * cookie is parsed once.
     */

    decided = (rc != NGX_OK);
    veto = 0;

    if (rc == NGX_OK) {
        rc = NGX_DECLINED;
    }

    for (i = 0; i < clcf->cookies->nelts; i++) {

        if (copies[i].n == 0) {
            continue;
        }

        flags = ngx_http_consent_formats[cookie[i].format].flags;

        if (!decided && !(flags & NGX_HTTP_CONSENT_FORMAT_RESTRICT)) {
            rc = ngx_http_consent_decide(r, clcf, &cookie[i], &copies[i], ctx,
                                         &granted, &veto);
            decided = (rc != NGX_DECLINED);
            continue;
        }

        if (flags & NGX_HTTP_CONSENT_FORMAT_REFUSES) {
            veto |= ngx_http_consent_restrict(r, &cookie[i], &copies[i]);
        }
    }

    switch (rc) {

    case NGX_OK:
        (void) ngx_http_consent_set_decision(r, ctx, granted);
        break;

    case NGX_DECLINED:
    case NGX_DONE:
        ctx->source = NGX_HTTP_CONSENT_SOURCE_REGIME;
        ctx->state = NGX_HTTP_CONSENT_STATE_UNSET;

        /*
         * the country is looked up only here, when the regime decides:
         * the categories whose regime is opt-out are granted; NGX_DONE is
         * a Cookiebot cookie read as the opt-out regime for all of them
         */

        granted = (rc == NGX_DONE) ? cmcf->optional
                  : ngx_http_consent_visitor_opt_out(r) & cmcf->optional;

        ctx->granted = granted | CONSENT_BIT(CONSENT_CAT_NECESSARY);
        ngx_http_consent_veto(ctx, ngx_http_consent_signals(r, ctx));
        break;

    case NGX_ABORT:
        ctx->source = NGX_HTTP_CONSENT_SOURCE_EXPIRED;
        ctx->state = NGX_HTTP_CONSENT_STATE_INVALID;
        ngx_str_null(&ctx->id);
        ctx->revision = -1;
        ctx->granted = CONSENT_BIT(CONSENT_CAT_NECESSARY);
        break;

    default: /* NGX_ERROR */
        ctx->source = NGX_HTTP_CONSENT_SOURCE_INVALID;
        ctx->state = NGX_HTTP_CONSENT_STATE_INVALID;
        ngx_str_null(&ctx->id);
        ctx->revision = -1;
        ctx->granted = CONSENT_BIT(CONSENT_CAT_NECESSARY);
    }

    ngx_http_consent_veto(ctx, veto);

    if (noted) {
        ngx_http_consent_keep_lines(r, ctx, noted);
    }

    ctx->evaluated = 1;

    ngx_http_consent_count(cmcf, evaluated[ctx->state][ctx->source], 1);

    ngx_log_debug3(NGX_LOG_DEBUG_HTTP, r->connection->log, 0,
                   "consent: granted %xD state %ui source %ui",
                   ctx->granted, (ngx_uint_t) ctx->state,
                   (ngx_uint_t) ctx->source);

    return ctx;
}


/*
 * A decision, read from a cookie or posted to consent_endpoint: the
 * categories granted make the state, and the privacy signals veto.
 */

ngx_http_consent_state_e
ngx_http_consent_set_decision(ngx_http_request_t *r,
    ngx_http_consent_ctx_t *ctx, consent_cats_t granted)
{
    ngx_http_consent_main_conf_t  *cmcf;

    cmcf = ngx_http_get_module_main_conf(r, ngx_http_consent_module);

    granted &= cmcf->optional;

    if (granted == cmcf->optional) {
        ctx->state = NGX_HTTP_CONSENT_STATE_ACCEPTED;

    } else if (granted == 0) {
        ctx->state = NGX_HTTP_CONSENT_STATE_REJECTED;

    } else {
        ctx->state = NGX_HTTP_CONSENT_STATE_PARTIAL;
    }

    ctx->source = NGX_HTTP_CONSENT_SOURCE_COOKIE;
    ctx->granted = granted | CONSENT_BIT(CONSENT_CAT_NECESSARY);

    ngx_http_consent_veto(ctx, ngx_http_consent_signals(r, ctx));

    return ctx->state;
}


/*
 * The categories that the request's DNT and Sec-GPC deny; a GPC opt-out
 * the consent cookie remembers is Sec-GPC: 1, and one it records as
 * overridden by the visitor vetoes nothing
 */

static consent_cats_t
ngx_http_consent_signals(ngx_http_request_t *r, ngx_http_consent_ctx_t *ctx)
{
    ngx_http_consent_loc_conf_t  *clcf;

    clcf = ngx_http_get_module_loc_conf(r, ngx_http_consent_module);

    return (ctx->dnt ? clcf->dnt : 0)
           | ((ctx->gpc || ctx->gpc_remembered) && !ctx->gpc_override
              ? clcf->gpc : 0);
}


/* what a signal or a restricting format denies goes, and says so */

static void
ngx_http_consent_veto(ngx_http_consent_ctx_t *ctx, consent_cats_t veto)
{
    if (ctx->granted & veto) {
        ctx->granted &= ~veto;
        ctx->source = NGX_HTTP_CONSENT_SOURCE_SIGNAL;
    }
}


/*
 * One pass over the request headers: the privacy signals, and every copy of
 * every configured consent cookie in every Cookie header; with noted, every
 * cookie of every Cookie header, while it holds them.
 */

static ngx_int_t
ngx_http_consent_read_headers(ngx_http_request_t *r,
    ngx_http_consent_loc_conf_t *clcf, ngx_http_consent_ctx_t *ctx,
    ngx_http_consent_copies_t *copies, ngx_http_consent_noted_t *noted)
{
    int                         rc;
    size_t                      plen;
    ngx_int_t                   result;
    ngx_log_t                   log;
    ngx_uint_t                  i, k, ncookies, max;
    consent_str_t               name, value, pair;
    ngx_list_part_t            *part;
    ngx_table_elt_t            *h, *headers;
    ngx_http_consent_pair_t    *kept;
    ngx_http_consent_line_t    *line;
    ngx_http_consent_cookie_t  *cookie;
    consent_cookie_iter_t       it;

    result = NGX_OK;
    cookie = clcf->cookies->elts;
    ncookies = clcf->cookies->nelts;

    /* every request asks: the list is walked here, as nginx's modules do */

    part = &r->headers_in.headers.part;
    headers = part->elts;
    i = 0;

    for ( ;; ) {

        if (i >= part->nelts) {
            if (part->next == NULL) {
                break;
            }

            part = part->next;
            headers = part->elts;
            i = 0;
            continue;
        }

        h = &headers[i++];

        switch (h->key.len) {

        case sizeof("dnt") - 1:
            if (ngx_strncmp(h->lowcase_key, "dnt",
                            sizeof("dnt") - 1) == 0
                && h->value.len == 1 && h->value.data[0] == '1')
            {
                ctx->dnt = 1;
            }

            continue;

        case sizeof("x-do-not-track") - 1:
            if (ngx_strncmp(h->lowcase_key, "x-do-not-track",
                            sizeof("x-do-not-track") - 1) == 0
                && h->value.len == 1 && h->value.data[0] == '1')
            {
                ctx->dnt = 1;
            }

            continue;

        case sizeof("sec-gpc") - 1:
            if (ngx_strncmp(h->lowcase_key, "sec-gpc",
                            sizeof("sec-gpc") - 1) == 0
                && h->value.len == 1 && h->value.data[0] == '1')
            {
                ctx->gpc = 1;
            }

            continue;

        case sizeof("cookie") - 1:
            if (ngx_strncmp(h->lowcase_key, "cookie",
                            sizeof("cookie") - 1) == 0)
            {
                break;
            }

            continue;

        default:
            continue;
        }

        /* a Cookie header */

        line = NULL;

        if (noted && !noted->full) {
            if (noted->nlines == NGX_HTTP_CONSENT_KEEP_LINES) {
                noted->full = 1;

            } else {
                line = &noted->line[noted->nlines++];
                line->header = h;
                line->first = noted->npairs;
            }
        }

        consent_cookie_iter_init(&it, h->value.data, h->value.len);

        while ((rc = consent_cookie_next(&it, &name, &value)) == CONSENT_OK) {

            if (line) {
                if (noted->npairs == NGX_HTTP_CONSENT_KEEP_PAIRS) {
                    noted->full = 1;
                    line = NULL;

                } else {
                    kept = &noted->pair[noted->npairs++];
                    kept->name = name.data;
                    kept->len = name.len;
                    kept->last = it.last;
                }
            }

            for (k = 0; k < ncookies; k++) {

                if (cookie[k].format == NGX_HTTP_CONSENT_COMPLIANZ) {

                    /*
                     * a family: NAME is the prefix of its members' names;
                     * a member is kept as "SUFFIX=VALUE", as the header
                     * has it, for ngx_http_consent_family()
                     */

                    plen = cookie[k].name.len;

                    if (name.len <= plen
                        || ngx_strncmp(cookie[k].name.data, name.data, plen)
                           != 0
                        || !consent_complianz_member(name.data + plen,
                                                     name.len - plen))
                    {
                        continue;
                    }

                    pair.data = name.data + plen;
                    pair.len = it.last - pair.data;
                    max = NGX_HTTP_CONSENT_MAX_FAMILY;

                } else {

                    if (cookie[k].name.len != name.len
                        || ngx_strncmp(cookie[k].name.data, name.data,
                                       name.len)
                           != 0)
                    {
                        continue;
                    }

                    pair = value;
                    max = NGX_HTTP_CONSENT_MAX_COPIES;
                }

                if (copies[k].n == max) {
                    copies[k].overflow = 1;

                } else {
                    copies[k].value[copies[k].n++] = pair;
                }
            }
        }

        if (line) {
            line->npairs = noted->npairs - line->first;
            line->truncated = (it.pairs > CONSENT_COOKIE_MAX_PAIRS);
        }

        if (rc == CONSENT_ETOOLONG && result == NGX_OK) {
            ngx_log_error(NGX_LOG_INFO, ngx_http_consent_client_log(r, &log),
                          0,
                          "consent: a Cookie header with more than %d "
                          "cookies, consent ignored",
                          CONSENT_COOKIE_MAX_PAIRS);
            result = NGX_ERROR;
        }
    }

    return result;
}


/*
 * What one consent cookie says, all its copies together: NGX_OK with the
 * categories granted, NGX_DECLINED for "no decision", NGX_DONE for "the
 * opt-out regime" (Cookiebot's -1 with "outside=opt-out"), NGX_ABORT when
 * it is expired, says to ask again, or is of an older policy revision,
 * NGX_ERROR when it is malformed.
 * Copies that disagree: the more restrictive wins, and a copy that says
 * "no decision" makes the cookie no decision (which grants nothing that
 * the regime does not).  What a copy refuses (gpp) is added to *veto
 * whatever the cookie decides, unless it is malformed, which grants
 * nothing at all.
 */

static ngx_int_t
ngx_http_consent_decide(ngx_http_request_t *r,
    ngx_http_consent_loc_conf_t *clcf, ngx_http_consent_cookie_t *cookie,
    ngx_http_consent_copies_t *copies, ngx_http_consent_ctx_t *ctx,
    consent_cats_t *granted, consent_cats_t *veto)
{
    int                            rc;
    time_t                         now;
    u_char                        *scratch;
    ngx_int_t                      result;
    ngx_uint_t                     i, decided, undecided, override,
                                   implied, outside;
    consent_cats_t                 cats, out;
    consent_result_t               res;
    ngx_http_consent_map_t        *map;
    ngx_http_consent_format_t     *fmt;
    ngx_http_consent_main_conf_t  *cmcf;

    if (copies->overflow) {
        ngx_http_consent_log_invalid(r, &cookie->name, "too many copies");
        return NGX_ERROR;
    }

    cmcf = ngx_http_get_module_main_conf(r, ngx_http_consent_module);

    fmt = &ngx_http_consent_formats[cookie->format];
    map = &cmcf->maps[fmt->grants];
    now = ngx_time();

    if (cookie->format == NGX_HTTP_CONSENT_COMPLIANZ
        && ngx_http_consent_family(r, copies) != NGX_OK)
    {
        return NGX_ERROR;
    }

    result = NGX_DECLINED;
    cats = (consent_cats_t) -1;
    decided = 0;
    undecided = 0;
    implied = 0;
    outside = 1;
    override = 1;

    for (i = 0; i < copies->n; i++) {

        scratch = NULL;

        if ((fmt->flags & NGX_HTTP_CONSENT_FORMAT_SCRATCH)
            && copies->value[i].len)
        {
            scratch = ngx_pnalloc(r->pool, copies->value[i].len);
            if (scratch == NULL) {
                return NGX_ERROR;
            }
        }

        rc = fmt->parse(copies->value[i].data, copies->value[i].len, scratch,
                        map->tokens.elts, map->tokens.nelts, &res);

        if (rc != CONSENT_OK) {
            ngx_http_consent_log_invalid(r, &cookie->name,
                                         consent_strerror(rc));
            return NGX_ERROR;
        }

        /* the GPC opt-out stands whatever else the copy says */

        if (cookie->format == NGX_HTTP_CONSENT_NATIVE
            && (res.refused & CONSENT_REFUSED_GPC))
        {
            ctx->gpc_remembered = 1;
        }

        if ((fmt->flags & NGX_HTTP_CONSENT_FORMAT_REFUSES) && res.refused) {
            *veto |= ngx_http_consent_refusals(&cmcf->maps[cookie->format],
                                               res.refused);
        }

        if (res.expired) {
            ngx_http_consent_log_invalid(r, &cookie->name,
                                         "awaiting reconsent");
            result = NGX_ABORT;
            continue;
        }

        if (res.undecided) {
            undecided = 1;
            outside &= res.outside;
            continue;
        }

        if (clcf->max_age && res.timestamp >= 0) {

            if (res.timestamp > now + NGX_HTTP_CONSENT_FUTURE) {
                ngx_http_consent_log_invalid(r, &cookie->name,
                                             "decision time in the future");
                return NGX_ERROR;
            }

            if (now - res.timestamp > clcf->max_age) {
                ngx_http_consent_log_invalid(r, &cookie->name,
                                             "expired by consent_max_age");
                result = NGX_ABORT;
                continue;
            }
        }

        if ((fmt->flags & NGX_HTTP_CONSENT_FORMAT_REVISIONS)
            && res.revision < 0) {
            res.revision = 0;
        }

        if (res.revision >= 0 && res.revision < clcf->revision) {
            ngx_http_consent_log_invalid(r, &cookie->name,
                                         "older policy revision");
            result = NGX_ABORT;
            continue;
        }

        if (fmt->tokens == NGX_HTTP_CONSENT_TOKENS_NONE) {
            /* the native cookie: token i is category i */
            cats &= (consent_cats_t) res.granted;

        } else {
            cats &= consent_rules_apply(map->rules.elts, map->rules.nelts,
                                        res.granted);
        }

        if (!res.gpc_override) {
            override = 0;
        }

        if (res.implied) {
            implied = 1;
        }

        if (decided++ == 0) {
            ctx->id.data = (u_char *) res.id.data;
            ctx->id.len = res.id.len;
            ctx->revision = res.revision;
        }
    }

    if (result == NGX_ABORT) {
        return NGX_ABORT;
    }

    /*
     * implied consent (Cookiebot's method 'implied') is consent only for
     * the categories whose regime is opt-out for the visitor; where none
     * is, it is no decision
     */

    if (decided && !undecided && implied) {
        out = ngx_http_consent_visitor_opt_out(r);

        if (out == 0) {
            ngx_http_consent_log_invalid(r, &cookie->name,
                                         "implied consent in an opt-in "
                                         "regime");
            undecided = 1;

        } else {
            cats &= out;
        }
    }

    if (decided == 0 || undecided) {
        ngx_str_null(&ctx->id);
        ctx->revision = -1;

        /*
         * every copy says the visitor is outside every region where the
         * site asks (Cookiebot's -1), and the operator reads that as the
         * opt-out regime ("outside=opt-out")
         */

        if (decided == 0 && outside && cookie->outside_opt_out) {
            return NGX_DONE;
        }

        return NGX_DECLINED;
    }

    /* an override holds only when every copy that decides says so */

    ctx->gpc_override = (cookie->format == NGX_HTTP_CONSENT_NATIVE
                         && override);

    *granted = cats;

    return NGX_OK;
}


/*
 * The members of a family of cookies (format=complianz), every copy of
 * each, read as one value: "SUFFIX=VALUE" pairs joined with "; ", in the
 * order of the request; copies that disagree are the core's to resolve,
 * as the more restrictive.
 */

static ngx_int_t
ngx_http_consent_family(ngx_http_request_t *r,
    ngx_http_consent_copies_t *copies)
{
    u_char      *family, *p;
    size_t       len;
    ngx_uint_t   i;

    len = 0;

    for (i = 0; i < copies->n; i++) {
        len += copies->value[i].len + 2;
    }

    family = ngx_pnalloc(r->pool, len);
    if (family == NULL) {
        return NGX_ERROR;
    }

    p = family;

    for (i = 0; i < copies->n; i++) {
        if (i) {
            *p++ = ';';
            *p++ = ' ';
        }

        p = ngx_cpymem(p, copies->value[i].data, copies->value[i].len);
    }

    copies->value[0].data = family;
    copies->value[0].len = p - family;
    copies->n = 1;

    return NGX_OK;
}


/*
 * A format that refuses (usprivacy, gpp when another cookie decided): the
 * categories its opt-outs deny; a value that cannot be read, or too many
 * copies, may have said any opt-out.
 */

static consent_cats_t
ngx_http_consent_restrict(ngx_http_request_t *r,
    ngx_http_consent_cookie_t *cookie, ngx_http_consent_copies_t *copies)
{
    int                            rc;
    unsigned                       refused;
    ngx_uint_t                     i;
    consent_result_t               res;
    ngx_http_consent_format_t     *fmt;
    ngx_http_consent_main_conf_t  *cmcf;

    cmcf = ngx_http_get_module_main_conf(r, ngx_http_consent_module);
    fmt = &ngx_http_consent_formats[cookie->format];
    refused = 0;

    if (copies->overflow) {
        ngx_http_consent_log_invalid(r, &cookie->name, "too many copies");
        refused = CONSENT_REFUSED_UNREADABLE;
    }

    for (i = 0; i < copies->n && !copies->overflow; i++) {
        rc = fmt->parse(copies->value[i].data, copies->value[i].len, NULL,
                        NULL, 0, &res);

        if (rc != CONSENT_OK) {
            ngx_http_consent_log_invalid(r, &cookie->name,
                                         consent_strerror(rc));
            refused = CONSENT_REFUSED_UNREADABLE;
            break;
        }

        refused |= res.refused;
    }

    return ngx_http_consent_refusals(&cmcf->maps[cookie->format], refused);
}


/*
 * A client's mistake: at "info", with the cookie's name and the reason,
 * never the value, and without the client's address that the request's
 * log handler would add.
 */

static void
ngx_http_consent_log_invalid(ngx_http_request_t *r, ngx_str_t *name,
    const char *reason)
{
    ngx_log_t  log;

    ngx_log_error(NGX_LOG_INFO, ngx_http_consent_client_log(r, &log), 0,
                  "consent cookie \"%V\" ignored: %s", name, reason);
}



/*
 * ngx_consent_module: the HTML filter (consent_html, consent_banner).
 */


#include "ngx_http_consent_module.h"
#include "ngx_http_consent_html.h"
#include "ngx_http_consent_status.h"
#include "consent_html.h"


#define NGX_HTTP_CONSENT_BANNER_MAX  65536


/* per marker kind: the words of the page, and the categories each needs */

struct ngx_http_consent_html_conf_s {
    consent_html_conf_t          core;
    consent_html_conf_t          activate;   /* core, and activate on */
    ngx_array_t                  tokens[CONSENT_HTML_KINDS]; /* consent_str_t */
    ngx_array_t                  cats[CONSENT_HTML_KINDS];   /* their
                                                                categories */
};


#define NGX_HTTP_CONSENT_HTML_CHUNK     8192  /* input scanned at once */
#define NGX_HTTP_CONSENT_HTML_BUFS      4     /* output buffers at most */
#define NGX_HTTP_CONSENT_HTML_BUFFERED  0x40


typedef struct {
    consent_html_t               html;
    ngx_chain_t                 *in;
    ngx_chain_t                 *free;
    ngx_chain_t                 *busy;
    ngx_uint_t                   allocated;
    ngx_uint_t                   done;
    ngx_uint_t                   started;     /* a body byte was seen */
} ngx_http_consent_html_ctx_t;


static ngx_int_t ngx_http_consent_html_words(ngx_conf_t *cf,
    ngx_http_consent_html_conf_t *hc, ngx_uint_t kind,
    ngx_http_consent_map_t *map);
static ngx_int_t ngx_http_consent_html_add(ngx_conf_t *cf,
    ngx_http_consent_html_conf_t *hc, ngx_uint_t kind, consent_str_t *word,
    consent_cats_t cats);
static ngx_int_t ngx_http_consent_html_header_filter(ngx_http_request_t *r);
static ngx_uint_t ngx_http_consent_html_wide(ngx_http_request_t *r);
static ngx_int_t ngx_http_consent_html_body_filter(ngx_http_request_t *r,
    ngx_chain_t *in);
static ngx_int_t ngx_http_consent_html_emit(ngx_http_request_t *r,
    ngx_http_consent_html_ctx_t *ctx, u_char *data, size_t len,
    ngx_uint_t finish, ngx_chain_t ***ll);
static ngx_int_t ngx_http_consent_html_flags(ngx_http_request_t *r,
    ngx_buf_t *in, ngx_chain_t ***ll);
static ngx_int_t ngx_http_consent_html_flush(ngx_http_request_t *r,
    ngx_chain_t ***ll);
static ngx_buf_t *ngx_http_consent_html_special(ngx_http_request_t *r,
    ngx_chain_t ***ll);


static ngx_http_output_header_filter_pt  ngx_http_next_header_filter;
static ngx_http_output_body_filter_pt    ngx_http_next_body_filter;


ngx_conf_enum_t  ngx_http_consent_html_modes[] = {
    { ngx_string("off"), NGX_HTTP_CONSENT_HTML_OFF },
    { ngx_string("on"), NGX_HTTP_CONSENT_HTML_ON },
    { ngx_string("activate"), NGX_HTTP_CONSENT_HTML_ACTIVATE },
    { ngx_null_string, 0 }
};


/* consent_banner PATH: read while the configuration is, never later */

char *
ngx_http_consent_banner(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_http_consent_loc_conf_t *clcf = conf;

    ssize_t          n;
    ngx_fd_t         fd;
    ngx_str_t       *value, name;
    ngx_file_info_t  fi;

    if (clcf->banner.data) {
        return "is duplicate";
    }

    value = cf->args->elts;
    name = value[1];

    if (ngx_conf_full_name(cf->cycle, &name, 1) != NGX_OK) {
        return NGX_CONF_ERROR;
    }

    /* non-blocking: a FIFO must not hang nginx -t */

    fd = ngx_open_file(name.data, NGX_FILE_RDONLY|NGX_FILE_NONBLOCK,
                       NGX_FILE_OPEN, 0);
    if (fd == NGX_INVALID_FILE) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, ngx_errno,
                           ngx_open_file_n " \"%V\" failed", &name);
        return NGX_CONF_ERROR;
    }

    if (ngx_fd_info(fd, &fi) == NGX_FILE_ERROR
        || !ngx_is_file(&fi)
        || ngx_file_size(&fi) > NGX_HTTP_CONSENT_BANNER_MAX)
    {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "banner \"%V\" is not a regular file of at most "
                           "%d bytes",
                           &name, NGX_HTTP_CONSENT_BANNER_MAX);
        ngx_close_file(fd);
        return NGX_CONF_ERROR;
    }

    clcf->banner.len = ngx_file_size(&fi);
    clcf->banner.data = ngx_pnalloc(cf->pool, clcf->banner.len + 1);
    if (clcf->banner.data == NULL) {
        ngx_close_file(fd);
        return NGX_CONF_ERROR;
    }

    n = ngx_read_fd(fd, clcf->banner.data, clcf->banner.len);

    ngx_close_file(fd);

    if (n != (ssize_t) clcf->banner.len) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, ngx_errno,
                           "reading banner \"%V\" failed", &name);
        return NGX_CONF_ERROR;
    }

    return NGX_CONF_OK;
}


/*
 * The words pages mark elements with: data-category takes the module's
 * category names and cookieconsent's, data-cookieconsent Cookiebot's,
 * class="optanon-category-ID" OneTrust's groups.  A word needs every
 * category that a mapping of it grants.
 */

ngx_int_t
ngx_http_consent_html_init(ngx_conf_t *cf,
    ngx_http_consent_main_conf_t *cmcf)
{
    ngx_str_t                     *name;
    ngx_uint_t                     i, k;
    consent_str_t                  word;
    ngx_http_consent_html_conf_t  *hc;

    hc = ngx_pcalloc(cf->pool, sizeof(ngx_http_consent_html_conf_t));
    if (hc == NULL) {
        return NGX_ERROR;
    }

    for (k = 0; k < CONSENT_HTML_KINDS; k++) {
        if (ngx_array_init(&hc->tokens[k], cf->pool, 8, sizeof(consent_str_t))
            != NGX_OK
            || ngx_array_init(&hc->cats[k], cf->pool, 8,
                              sizeof(consent_cats_t))
               != NGX_OK)
        {
            return NGX_ERROR;
        }
    }

    name = cmcf->categories.elts;

    for (i = 0; i < cmcf->categories.nelts; i++) {
        word.data = name[i].data;
        word.len = name[i].len;

        if (ngx_http_consent_html_add(cf, hc, CONSENT_HTML_CATEGORY, &word,
                                      CONSENT_BIT(i))
            != NGX_OK)
        {
            return NGX_ERROR;
        }
    }

    if (ngx_http_consent_html_words(cf, hc, CONSENT_HTML_CATEGORY,
                            &cmcf->maps[NGX_HTTP_CONSENT_COOKIECONSENT])
        != NGX_OK
        || ngx_http_consent_html_words(cf, hc, CONSENT_HTML_COOKIEBOT,
                                &cmcf->maps[NGX_HTTP_CONSENT_COOKIEBOT])
           != NGX_OK
        || ngx_http_consent_html_words(cf, hc, CONSENT_HTML_ONETRUST,
                                &cmcf->maps[NGX_HTTP_CONSENT_ONETRUST])
           != NGX_OK)
    {
        return NGX_ERROR;
    }

    for (k = 0; k < CONSENT_HTML_KINDS; k++) {
        hc->core.tokens[k] = hc->tokens[k].elts;
        hc->core.ntokens[k] = hc->tokens[k].nelts;
    }

    hc->activate = hc->core;
    hc->activate.activate = 1;

    cmcf->html_conf = hc;

    ngx_http_next_header_filter = ngx_http_top_header_filter;
    ngx_http_top_header_filter = ngx_http_consent_html_header_filter;

    ngx_http_next_body_filter = ngx_http_top_body_filter;
    ngx_http_top_body_filter = ngx_http_consent_html_body_filter;

    return NGX_OK;
}


static ngx_int_t
ngx_http_consent_html_words(ngx_conf_t *cf, ngx_http_consent_html_conf_t *hc,
    ngx_uint_t kind, ngx_http_consent_map_t *map)
{
    ngx_uint_t       i, t;
    consent_str_t   *token;
    consent_cats_t   cats;
    consent_rule_t  *rule;

    token = map->tokens.elts;
    rule = map->rules.elts;

    for (t = 0; t < map->tokens.nelts && t < CONSENT_MAX_TOKENS; t++) {

        cats = 0;

        for (i = 0; i < map->rules.nelts; i++) {
            if (rule[i].need & ((consent_tokens_t) 1 << t)) {
                cats |= CONSENT_BIT(rule[i].category);
            }
        }

        if (ngx_http_consent_html_add(cf, hc, kind, &token[t], cats)
            != NGX_OK)
        {
            return NGX_ERROR;
        }
    }

    return NGX_OK;
}


static ngx_int_t
ngx_http_consent_html_add(ngx_conf_t *cf, ngx_http_consent_html_conf_t *hc,
    ngx_uint_t kind, consent_str_t *word, consent_cats_t cats)
{
    int              i;
    consent_str_t   *t;
    consent_cats_t  *c;

    i = consent_token_index(hc->tokens[kind].elts, hc->tokens[kind].nelts,
                            word->data, word->len);

    if (i >= 0) {
        c = hc->cats[kind].elts;
        c[i] |= cats;
        return NGX_OK;
    }

    if (hc->tokens[kind].nelts == CONSENT_MAX_TOKENS || cats == 0) {
        /* a word that grants nothing is unknown: its elements go */
        return NGX_OK;
    }

    t = ngx_array_push(&hc->tokens[kind]);
    c = ngx_array_push(&hc->cats[kind]);

    if (t == NULL || c == NULL) {
        return NGX_ERROR;
    }

    *t = *word;
    *c = cats;

    return NGX_OK;
}


static ngx_int_t
ngx_http_consent_html_header_filter(ngx_http_request_t *r)
{
    ngx_uint_t                     k, i, all;
    consent_cats_t                *cats;
    consent_tokens_t               granted[CONSENT_HTML_KINDS];
    ngx_http_consent_ctx_t        *cctx;
    ngx_http_consent_html_ctx_t   *ctx;
    ngx_http_consent_loc_conf_t   *clcf;
    ngx_http_consent_main_conf_t  *cmcf;
    ngx_http_consent_html_conf_t  *hc;

    clcf = ngx_http_get_module_loc_conf(r, ngx_http_consent_module);

    if (clcf->html == NGX_HTTP_CONSENT_HTML_OFF
        || r->headers_out.status == NGX_HTTP_NO_CONTENT
        || r->headers_out.status == NGX_HTTP_NOT_MODIFIED
        || r->headers_out.content_length_n == 0
        || r->headers_out.content_type.len < sizeof("text/html") - 1
        || ngx_strncasecmp(r->headers_out.content_type.data,
                           (u_char *) "text/html", sizeof("text/html") - 1)
           != 0)
    {
        return ngx_http_next_header_filter(r);
    }

    cctx = ngx_http_consent_eval(r);
    if (cctx == NULL) {
        return NGX_ERROR;
    }

    cmcf = ngx_http_get_module_main_conf(r, ngx_http_consent_module);
    hc = cmcf->html_conf;

    /* everything granted and nothing to add or change: step aside */

    all = (cctx->granted & cmcf->optional) == cmcf->optional;

    if (all && clcf->html == NGX_HTTP_CONSENT_HTML_ON
        && (clcf->banner.len == 0 || !ngx_http_consent_undecided(cctx)))
    {
        return ngx_http_next_header_filter(r);
    }

    /* a body the filter cannot read is never passed: fail closed */

    if ((r->headers_out.content_encoding
         && r->headers_out.content_encoding->hash
         && r->headers_out.content_encoding->value.len
         && ngx_strcasecmp(r->headers_out.content_encoding->value.data,
                           (u_char *) "identity") != 0)
        || r->headers_out.status == NGX_HTTP_PARTIAL_CONTENT)
    {
        ngx_log_error(NGX_LOG_ERR, r->connection->log, 0,
                      "consent_html: a %s HTML response cannot be filtered, "
                      "refused (send identity from the upstream: "
                      "proxy_set_header Accept-Encoding \"\";)",
                      r->headers_out.status == NGX_HTTP_PARTIAL_CONTENT
                      ? "partial" : "compressed");

        return ngx_http_filter_finalize_request(r, &ngx_http_consent_module,
                                                NGX_HTTP_BAD_GATEWAY);
    }

    if (ngx_http_consent_html_wide(r)) {
        ngx_log_error(NGX_LOG_ERR, r->connection->log, 0,
                      "consent_html: a UTF-16 or UTF-32 HTML response "
                      "cannot be filtered, refused");

        return ngx_http_filter_finalize_request(r, &ngx_http_consent_module,
                                                NGX_HTTP_BAD_GATEWAY);
    }

    /* HEAD too: the headers of the page as the filter would send it */

    if (r == r->main) {
        ngx_http_clear_content_length(r);
        ngx_http_clear_accept_ranges(r);
        ngx_http_weak_etag(r);
    }

    if (r->header_only) {
        return ngx_http_next_header_filter(r);
    }

    /* not ngx_pcalloc(): the scanner's 8 KB tag buffer needs no zeroing */

    ctx = ngx_palloc(r->pool, sizeof(ngx_http_consent_html_ctx_t));
    if (ctx == NULL) {
        return NGX_ERROR;
    }

    ctx->in = NULL;
    ctx->free = NULL;
    ctx->busy = NULL;
    ctx->allocated = 0;
    ctx->done = 0;
    ctx->started = 0;

    for (k = 0; k < CONSENT_HTML_KINDS; k++) {
        granted[k] = 0;
        cats = hc->cats[k].elts;

        for (i = 0; i < hc->cats[k].nelts; i++) {
            if ((cats[i] & ~cctx->granted) == 0) {
                granted[k] |= (consent_tokens_t) 1 << i;
            }
        }
    }

    consent_html_init(&ctx->html,
                      clcf->html == NGX_HTTP_CONSENT_HTML_ACTIVATE
                      ? &hc->activate : &hc->core,
                      granted,
                      ngx_http_consent_undecided(cctx)
                      ? clcf->banner.data : NULL,
                      clcf->banner.len);

    if (r == r->main) {
        cctx->html = ctx;

    } else {
        /* the slot of a subrequest is free: evaluation lives in r->main */
        ngx_http_set_ctx(r, ctx, ngx_http_consent_module);
    }

    r->filter_need_in_memory = 1;

    return ngx_http_next_header_filter(r);
}


/* a charset of two or four bytes a character: utf-16, utf-32, ucs-2 */

static ngx_uint_t
ngx_http_consent_html_wide(ngx_http_request_t *r)
{
    ngx_str_t  *ct;

    ct = &r->headers_out.content_type;

    return ngx_strlcasestrn(ct->data, ct->data + ct->len,
                            (u_char *) "utf-16", 6 - 1) != NULL
           || ngx_strlcasestrn(ct->data, ct->data + ct->len,
                               (u_char *) "utf-32", 6 - 1) != NULL
           || ngx_strlcasestrn(ct->data, ct->data + ct->len,
                               (u_char *) "ucs-", 4 - 1) != NULL
           || (r->headers_out.charset.len >= 6
               && (ngx_strncasecmp(r->headers_out.charset.data,
                                   (u_char *) "utf-16", 6) == 0
                   || ngx_strncasecmp(r->headers_out.charset.data,
                                      (u_char *) "utf-32", 6) == 0));
}


static ngx_int_t
ngx_http_consent_html_body_filter(ngx_http_request_t *r, ngx_chain_t *in)
{
    size_t                         size;
    ngx_buf_t                     *b;
    ngx_int_t                      rc;
    ngx_uint_t                     nomem;
    ngx_chain_t                   *out, **ll;
    ngx_http_consent_ctx_t        *cctx;
    ngx_http_consent_html_ctx_t   *ctx;
    ngx_http_consent_main_conf_t  *cmcf;

    if (r == r->main) {
        cctx = ngx_http_get_module_ctx(r, ngx_http_consent_module);
        ctx = cctx ? cctx->html : NULL;

    } else {
        ctx = ngx_http_get_module_ctx(r, ngx_http_consent_module);
    }

    if (ctx == NULL || ctx->done) {
        return ngx_http_next_body_filter(r, in);
    }

    /*
     * the input is kept until it is scanned: with all the filter's own
     * buffers on their way to the client, it stays unconsumed, and the
     * upstream or the file is read no further (as the gzip filter does)
     */

    if (in && ngx_chain_add_copy(r->pool, &ctx->in, in) != NGX_OK) {
        return NGX_ERROR;
    }

    for ( ;; ) {

        out = NULL;
        ll = &out;
        nomem = 0;

        while (ctx->in) {
            b = ctx->in->buf;

            size = ngx_buf_in_memory(b) ? (size_t) (b->last - b->pos) : 0;

            /*
             * a UTF-16 or UTF-32 page (its byte order mark: FE FF, FF FE)
             * is markup the scanner cannot see: no byte of it is passed.
             * FE and FF are never a byte of UTF-8.
             */

            if (size && !ctx->started) {
                ctx->started = 1;

                if (*b->pos == 0xfe || *b->pos == 0xff) {
                    ngx_log_error(NGX_LOG_ERR, r->connection->log, 0,
                                  "consent_html: a UTF-16 or UTF-32 HTML "
                                  "response cannot be filtered, aborted");
                    return NGX_ERROR;
                }
            }

            if (size) {
                if (ctx->free == NULL
                    && ctx->allocated == NGX_HTTP_CONSENT_HTML_BUFS)
                {
                    nomem = 1;
                    break;
                }

                size = ngx_min(size, NGX_HTTP_CONSENT_HTML_CHUNK);

                if (ngx_http_consent_html_emit(r, ctx, b->pos, size, 0, &ll)
                    != NGX_OK)
                {
                    return NGX_ERROR;
                }

                b->pos += size;

                if (b->pos != b->last) {
                    continue;
                }
            }

            if (b->file) {
                b->file_pos = b->file_last;
            }

            if (b->last_buf || b->last_in_chain) {
                if (ctx->free == NULL
                    && ctx->allocated == NGX_HTTP_CONSENT_HTML_BUFS)
                {
                    nomem = 1;
                    break;
                }

                if (ngx_http_consent_html_emit(r, ctx, NULL, 0, 1, &ll)
                    != NGX_OK)
                {
                    return NGX_ERROR;
                }

                ctx->done = 1;

                cmcf = ngx_http_get_module_main_conf(r,
                                                     ngx_http_consent_module);

                ngx_http_consent_count(cmcf, html_removed, ctx->html.removed);

                if (ctx->html.banner) {
                    ngx_http_consent_count(cmcf, banners, 1);
                }
            }

            if (b->last_buf || b->last_in_chain || b->flush || b->sync) {
                if (ngx_http_consent_html_flags(r, b, &ll) != NGX_OK) {
                    return NGX_ERROR;
                }
            }

            ctx->in = ctx->in->next;
        }

        if (nomem) {

            /*
             * every buffer is on its way: make the write filter send them
             * now rather than wait for postpone_output more bytes
             */

            if (ngx_http_consent_html_flush(r, &ll) != NGX_OK) {
                return NGX_ERROR;
            }
        }

        if (out == NULL && ctx->busy == NULL && ctx->in == NULL) {
            return NGX_OK;
        }

        rc = ngx_http_next_body_filter(r, out);

        ngx_chain_update_chains(r->pool, &ctx->free, &ctx->busy, &out,
                                (ngx_buf_tag_t) &ngx_http_consent_module);

        if (rc == NGX_ERROR || ctx->in == NULL || ctx->free == NULL) {

            if (ctx->in) {
                r->buffered |= NGX_HTTP_CONSENT_HTML_BUFFERED;

            } else {
                r->buffered &= ~NGX_HTTP_CONSENT_HTML_BUFFERED;
            }

            return rc;
        }
    }
}


/*
 * Scans len bytes (or, with finish, the end of the page) into one of the
 * filter's own buffers, reused once sent: at most
 * NGX_HTTP_CONSENT_HTML_BUFS of them, whatever the size of the page.
 */

static ngx_int_t
ngx_http_consent_html_emit(ngx_http_request_t *r,
    ngx_http_consent_html_ctx_t *ctx, u_char *data, size_t len,
    ngx_uint_t finish, ngx_chain_t ***ll)
{
    size_t        n;
    ngx_buf_t    *b;
    ngx_chain_t  *cl;

    if (ctx->free) {
        cl = ctx->free;
        ctx->free = cl->next;

    } else {
        cl = ngx_alloc_chain_link(r->pool);
        if (cl == NULL) {
            return NGX_ERROR;
        }

        cl->buf = ngx_create_temp_buf(r->pool,
                                      consent_html_out_size(
                                          NGX_HTTP_CONSENT_HTML_CHUNK,
                                          ctx->html.banner_len));
        if (cl->buf == NULL) {
            return NGX_ERROR;
        }

        cl->buf->tag = (ngx_buf_tag_t) &ngx_http_consent_module;
        ctx->allocated++;
    }

    cl->next = NULL;
    b = cl->buf;

    if (finish) {
        n = consent_html_finish(&ctx->html, b->start);

        if (!ctx->html.body_seen && ctx->html.banner) {
            /* a page without </body>: the banner goes at the end */
            ngx_memcpy(b->start + n, ctx->html.banner, ctx->html.banner_len);
            n += ctx->html.banner_len;
        }

    } else {
        n = consent_html_feed(&ctx->html, data, len, b->start);
    }

    if (n == 0) {
        cl->next = ctx->free;
        ctx->free = cl;
        return NGX_OK;
    }

    b->pos = b->start;
    b->last = b->start + n;

    **ll = cl;
    *ll = &cl->next;

    return NGX_OK;
}


/* the flags of an incoming buffer, on an empty buffer of their own */

static ngx_int_t
ngx_http_consent_html_flags(ngx_http_request_t *r, ngx_buf_t *in,
    ngx_chain_t ***ll)
{
    ngx_buf_t  *b;

    b = ngx_http_consent_html_special(r, ll);
    if (b == NULL) {
        return NGX_ERROR;
    }

    b->last_buf = in->last_buf;
    b->last_in_chain = in->last_in_chain;
    b->flush = in->flush;
    b->sync = in->sync;

    return NGX_OK;
}


static ngx_int_t
ngx_http_consent_html_flush(ngx_http_request_t *r, ngx_chain_t ***ll)
{
    ngx_buf_t  *b;

    b = ngx_http_consent_html_special(r, ll);
    if (b == NULL) {
        return NGX_ERROR;
    }

    b->flush = 1;

    return NGX_OK;
}


/* an empty buffer, not the filter's: dropped once sent */

static ngx_buf_t *
ngx_http_consent_html_special(ngx_http_request_t *r, ngx_chain_t ***ll)
{
    ngx_buf_t    *b;
    ngx_chain_t  *cl;

    b = ngx_calloc_buf(r->pool);
    if (b == NULL) {
        return NULL;
    }

    cl = ngx_alloc_chain_link(r->pool);
    if (cl == NULL) {
        return NULL;
    }

    cl->buf = b;
    cl->next = NULL;

    **ll = cl;
    *ll = &cl->next;

    return b;
}

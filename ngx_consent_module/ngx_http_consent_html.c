
/*
 * ngx_consent_module: the HTML filter (consent_html, consent_banner).
 */


#include "ngx_http_consent.h"
#include "ngx_http_consent_compat.h"
#include "ngx_http_consent_html.h"
#include "ngx_http_consent_status.h"
#include "consent_charset.h"
#include "consent_html.h"


#define NGX_HTTP_CONSENT_BANNER_MAX  65536
#define NGX_HTTP_CONSENT_TYPE_MAX    46      /* consent_html_types */


/* per marker kind: the words of the page, and the categories each needs */

struct ngx_http_consent_html_conf_s {
    consent_html_conf_t          core;
    consent_html_conf_t          activate;   /* core, and activate on */
    ngx_array_t                  tokens[CONSENT_HTML_KINDS]; /* consent_str_t */
    ngx_array_t                  cats[CONSENT_HTML_KINDS];   /* their
                                                                categories */
};


/* a word of a fixed table, its marker kind, the built-in category it needs */

typedef struct {
    ngx_str_t                    word;
    ngx_uint_t                   kind;
    ngx_uint_t                   cat;
} ngx_http_consent_html_word_t;


#define NGX_HTTP_CONSENT_HTML_CHUNK     8192  /* input scanned at once */
#define NGX_HTTP_CONSENT_HTML_BUFS      4     /* output buffers at most */
#define NGX_HTTP_CONSENT_HTML_BUFFERED  0x40

/* what a Content-Type makes of a response */

#define NGX_HTTP_CONSENT_TYPE_OTHER     0     /* not read */
#define NGX_HTTP_CONSENT_TYPE_HTML      1     /* consent_html_types */
#define NGX_HTTP_CONSENT_TYPE_SNIFFED   2     /* none: a browser sniffs */
#define NGX_HTTP_CONSENT_TYPE_XML       3     /* markup the filter cannot
                                                 read: refused */


struct ngx_http_consent_html_ctx_s {
    consent_html_t               html;
    ngx_chain_t                 *in;
    ngx_chain_t                 *free;
    ngx_chain_t                 *busy;
    ngx_uint_t                   allocated;
    ngx_uint_t                   done;
    ngx_uint_t                   charset;     /* CONSENT_CHARSET_* */
    ngx_uint_t                   deferred;    /* the header waits for the
                                                 first body bytes */
    ngx_buf_t                   *checked;     /* undeclared: the buffer
                                                 looked at before the
                                                 header went */
};


static ngx_int_t ngx_http_consent_html_words(ngx_conf_t *cf,
    ngx_http_consent_html_conf_t *hc, ngx_uint_t kind,
    ngx_http_consent_map_t *map);
static ngx_int_t ngx_http_consent_html_add(ngx_conf_t *cf,
    ngx_http_consent_html_conf_t *hc, ngx_uint_t kind, consent_str_t *word,
    consent_cats_t cats);
static ngx_uint_t ngx_http_consent_html_xml(u_char *type, size_t len);
static void ngx_http_consent_html_remove(ngx_http_request_t *r,
    ngx_table_elt_t *h);
static void ngx_http_consent_html_moved(ngx_http_header_t *hh,
    ngx_http_headers_in_t *in, ngx_table_elt_t *old, ngx_table_elt_t *new);
static ngx_int_t ngx_http_consent_html_type(ngx_http_request_t *r,
    ngx_hash_t *types);
static ngx_uint_t ngx_http_consent_html_encoded(ngx_http_request_t *r);
static ngx_uint_t ngx_http_consent_html_charset(ngx_http_request_t *r);
static ngx_int_t ngx_http_consent_html_decide(ngx_http_request_t *r,
    ngx_http_consent_html_ctx_t *ctx);
static ngx_int_t ngx_http_consent_html_refuse(ngx_http_request_t *r,
    ngx_http_consent_html_ctx_t *ctx, const char *why);
static ngx_uint_t ngx_http_consent_html_unreadable(u_char *p, size_t len);
static ngx_int_t ngx_http_consent_html_emit(ngx_http_request_t *r,
    ngx_http_consent_html_ctx_t *ctx, u_char *data, size_t len,
    ngx_uint_t finish, ngx_chain_t ***ll);
static ngx_int_t ngx_http_consent_html_flags(ngx_http_request_t *r,
    ngx_buf_t *in, ngx_chain_t ***ll);
static ngx_int_t ngx_http_consent_html_flush(ngx_http_request_t *r,
    ngx_chain_t ***ll);
static ngx_buf_t *ngx_http_consent_html_empty_buf(ngx_http_request_t *r,
    ngx_chain_t ***ll);


/* the charsets refused, by CONSENT_CHARSET_* */

static const char  *ngx_http_consent_html_charsets[] = {
    "", "", "in UTF-16", "in ISO-2022-JP", "in the replacement encoding"
};


static ngx_http_output_header_filter_pt  ngx_http_next_header_filter;
static ngx_http_output_body_filter_pt    ngx_http_next_body_filter;


ngx_conf_enum_t  ngx_http_consent_html_modes[] = {
    { ngx_string("off"), NGX_HTTP_CONSENT_HTML_OFF },
    { ngx_string("on"), NGX_HTTP_CONSENT_HTML_ON },
    { ngx_string("activate"), NGX_HTTP_CONSENT_HTML_ACTIVATE },
    { ngx_null_string, 0 }
};


/* consent_html off|on|activate; the filter is there only where it is on */

char *
ngx_http_consent_html_mode(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_http_consent_loc_conf_t *clcf = conf;

    char                          *rv;
    ngx_http_consent_main_conf_t  *cmcf;

    rv = ngx_conf_set_enum_slot(cf, cmd, conf);

    if (rv == NGX_CONF_OK && clcf->html != NGX_HTTP_CONSENT_HTML_OFF) {
        cmcf = ngx_http_conf_get_module_main_conf(cf,
                                                  ngx_http_consent_module);
        cmcf->html = 1;
    }

    return rv;
}


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
 * consent_html_types: as sub_filter_types, but a type that browsers parse
 * as XML is refused here, as it would be for every response.
 */

char *
ngx_http_consent_html_types(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_str_t   *value;
    ngx_uint_t   i;

    value = cf->args->elts;

    for (i = 1; i < cf->args->nelts; i++) {

        /*
         * what a hash bucket of a cache line holds: a longer type would
         * fail later, where nginx cannot name the line
         */

        if (value[i].len > NGX_HTTP_CONSENT_TYPE_MAX) {
            ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                               "MIME type \"%V\" is longer than %d bytes",
                               &value[i], NGX_HTTP_CONSENT_TYPE_MAX);
            return NGX_CONF_ERROR;
        }

        if (ngx_http_consent_html_xml(value[i].data, value[i].len)) {
            ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                               "\"%V\" is parsed as XML by browsers, "
                               "which the HTML filter cannot read",
                               &value[i]);
            return NGX_CONF_ERROR;
        }
    }

    return ngx_http_types_slot(cf, cmd, conf);
}


/*
 * The types a browser renders with its XML parser: "/>" closes any
 * element there, CDATA sections and entities differ, so the HTML scanner
 * would not see the elements the browser builds.
 */

static ngx_uint_t
ngx_http_consent_html_xml(u_char *type, size_t len)
{
    ngx_uint_t          i;
    static ngx_str_t    xml[] = {
        ngx_string("application/xhtml+xml"),
        ngx_string("image/svg+xml"),
        ngx_string("text/xml"),
        ngx_string("application/xml"),
        ngx_string("text/xsl"),
        ngx_null_string
    };

    for (i = 0; xml[i].len; i++) {
        if (len == xml[i].len
            && ngx_strncasecmp(type, xml[i].data, len) == 0)
        {
            return 1;
        }
    }

    /* any type of the form "TYPE/SUBTYPE+xml" */

    return len > sizeof("+xml") - 1
           && ngx_strncasecmp(type + len - (sizeof("+xml") - 1),
                              (u_char *) "+xml", sizeof("+xml") - 1)
              == 0
           && ngx_strlchr(type, type + len, '/') != NULL;
}


/*
 * The words pages mark elements with: data-category takes the module's
 * category names and cookieconsent's, data-cookieconsent Cookiebot's,
 * class="optanon-category-ID" OneTrust's groups, data-cookieyes
 * CookieYes's categories (fixed: cookieyes-other and any other word name
 * no category, and go), data-name with type="text/plain" Klaro's services
 * (through the klaro: mappings).  data-category takes Complianz's words too
 * (statistics, functional; its marketing and preferences are the
 * module's names).  A word needs every category that a mapping of it
 * grants.
 */

static ngx_http_consent_html_word_t  ngx_http_consent_html_fixed[] = {
    { ngx_string("cookieyes-necessary"), CONSENT_HTML_COOKIEYES,
      CONSENT_CAT_NECESSARY },
    { ngx_string("cookieyes-functional"), CONSENT_HTML_COOKIEYES,
      CONSENT_CAT_PREFERENCES },
    { ngx_string("cookieyes-analytics"), CONSENT_HTML_COOKIEYES,
      CONSENT_CAT_ANALYTICS },
    { ngx_string("cookieyes-performance"), CONSENT_HTML_COOKIEYES,
      CONSENT_CAT_ANALYTICS },
    { ngx_string("cookieyes-advertisement"), CONSENT_HTML_COOKIEYES,
      CONSENT_CAT_MARKETING },

    /* Complianz */
    { ngx_string("statistics"), CONSENT_HTML_CATEGORY,
      CONSENT_CAT_ANALYTICS },
    { ngx_string("functional"), CONSENT_HTML_CATEGORY,
      CONSENT_CAT_PREFERENCES },

    { ngx_null_string, 0, 0 }
};

ngx_int_t
ngx_http_consent_html_init(ngx_conf_t *cf,
    ngx_http_consent_main_conf_t *cmcf,
    ngx_http_output_header_filter_pt next_header,
    ngx_http_output_body_filter_pt next_body)
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
           != NGX_OK
        || ngx_http_consent_html_words(cf, hc, CONSENT_HTML_KLARO,
                                &cmcf->maps[NGX_HTTP_CONSENT_KLARO])
           != NGX_OK)
    {
        return NGX_ERROR;
    }

    for (i = 0; ngx_http_consent_html_fixed[i].word.len; i++) {
        word.data = ngx_http_consent_html_fixed[i].word.data;
        word.len = ngx_http_consent_html_fixed[i].word.len;

        k = ngx_http_consent_html_fixed[i].kind;

        if (ngx_http_consent_html_add(cf, hc, k, &word,
                          CONSENT_BIT(ngx_http_consent_html_fixed[i].cat))
            != NGX_OK)
        {
            return NGX_ERROR;
        }
    }

    for (k = 0; k < CONSENT_HTML_KINDS; k++) {
        hc->core.tokens[k] = hc->tokens[k].elts;
        hc->core.ntokens[k] = hc->tokens[k].nelts;
    }

    hc->activate = hc->core;
    hc->activate.activate = 1;

    cmcf->html_conf = hc;

    /*
     * module.c registers the filters and the Range handler; the header
     * goes on through it
     */

    ngx_http_next_header_filter = next_header;
    ngx_http_next_body_filter = next_body;

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


/*
 * A Range request would get a slice of the page before the filter (the
 * static module), or a 206 from an upstream, which is refused: where
 * consent_html is, Range and If-Range are dropped, and the answer is the
 * whole filtered page.  The proxy module sends every entry of the list,
 * so each really leaves it.
 */

ngx_int_t
ngx_http_consent_html_range_handler(ngx_http_request_t *r)
{
    ngx_uint_t                    found;
    ngx_table_elt_t              *h;
    ngx_http_consent_walk_t       w;
    ngx_http_consent_loc_conf_t  *clcf;

    if (r != r->main
        || (r->headers_in.range == NULL && r->headers_in.if_range == NULL))
    {
        return NGX_DECLINED;
    }

    clcf = ngx_http_get_module_loc_conf(r, ngx_http_consent_module);

    if (clcf->html == NGX_HTTP_CONSENT_HTML_OFF) {
        return NGX_DECLINED;
    }

    do {
        found = 0;
        ngx_http_consent_walk_init(&w, &r->headers_in.headers);

        while ((h = ngx_http_consent_walk_next(&w)) != NULL) {

            if (ngx_http_consent_header_is(h, "Range", sizeof("Range") - 1)
                || ngx_http_consent_header_is(h, "If-Range",
                                              sizeof("If-Range") - 1))
            {
                ngx_log_debug1(NGX_LOG_DEBUG_HTTP, r->connection->log, 0,
                               "consent_html: \"%V\" dropped", &h->key);

                ngx_http_consent_html_remove(r, h);
                found = 1;
                break;
            }
        }

    } while (found);

    r->headers_in.range = NULL;
    r->headers_in.if_range = NULL;

    return NGX_DECLINED;
}


/*
 * Removes h from r->headers_in.headers: the last entry of the list takes
 * its place, and whatever pointed to that entry (its field of
 * r->headers_in, the list of the headers of its name) points to its new
 * place.  No other entry moves.
 */

static void
ngx_http_consent_html_remove(ngx_http_request_t *r, ngx_table_elt_t *h)
{
    ngx_list_t                 *list;
    ngx_list_part_t            *part;
    ngx_table_elt_t            *last;
    ngx_http_header_t          *hh;
    ngx_http_core_main_conf_t  *cmcf;

    list = &r->headers_in.headers;

    /* the last part that holds an entry */

    while (list->last->nelts == 0 && list->last != &list->part) {
        for (part = &list->part; part->next != list->last; part = part->next) {
            /* void */
        }

        part->next = NULL;
        list->last = part;
    }

    last = (ngx_table_elt_t *) list->last->elts + list->last->nelts - 1;

    if (last != h) {
        *h = *last;

        cmcf = ngx_http_get_module_main_conf(r, ngx_http_core_module);

        hh = ngx_hash_find(&cmcf->headers_in_hash, last->hash,
                           last->lowcase_key, last->key.len);

        if (hh && hh->offset) {
            ngx_http_consent_html_moved(hh, &r->headers_in, last, h);
        }
    }

    list->last->nelts--;
}


/* the pointers to a header entry that moved from old to new */

static void
ngx_http_consent_html_moved(ngx_http_header_t *hh,
    ngx_http_headers_in_t *in, ngx_table_elt_t *old, ngx_table_elt_t *new)
{
    ngx_table_elt_t  **ph;
#if (NGX_HTTP_CONSENT_LINKED_HEADERS)
    ngx_table_elt_t   *e;
#else
    ngx_uint_t         i;
    ngx_array_t       *a;
#endif

    ph = (ngx_table_elt_t **) ((char *) in + hh->offset);

#if (NGX_HTTP_CONSENT_LINKED_HEADERS)

    if (*ph == old) {
        *ph = new;
        return;
    }

    for (e = *ph; e; e = e->next) {
        if (e->next == old) {
            e->next = new;
            return;
        }
    }

#else

    if (hh->offset == offsetof(ngx_http_headers_in_t, cookies)
#if (NGX_HTTP_X_FORWARDED_FOR)
        || hh->offset == offsetof(ngx_http_headers_in_t, x_forwarded_for)
#endif
       )
    {
        a = (ngx_array_t *) ph;
        ph = a->elts;

        for (i = 0; i < a->nelts; i++) {
            if (ph[i] == old) {
                ph[i] = new;
            }
        }

        return;
    }

    if (*ph == old) {
        *ph = new;
    }

#endif
}


ngx_int_t
ngx_http_consent_html_header_filter(ngx_http_request_t *r)
{
    ngx_int_t                      type;
    ngx_uint_t                     k, i, all, charset;
    consent_cats_t                *cats;
    consent_tokens_t               granted[CONSENT_HTML_KINDS];
    ngx_http_consent_ctx_t        *cctx, *sctx;
    ngx_http_consent_html_ctx_t   *ctx, *main;
    ngx_http_consent_loc_conf_t   *clcf;
    ngx_http_consent_main_conf_t  *cmcf;
    ngx_http_consent_html_conf_t  *hc;

    clcf = ngx_http_get_module_loc_conf(r, ngx_http_consent_module);

    if (clcf->html == NGX_HTTP_CONSENT_HTML_OFF
        || r->headers_out.status == NGX_HTTP_NO_CONTENT
        || r->headers_out.status == NGX_HTTP_NOT_MODIFIED
        || r->headers_out.content_length_n == 0)
    {
        return ngx_http_next_header_filter(r);
    }

    type = ngx_http_consent_html_type(r, &clcf->html_types);

    if (type == NGX_ERROR) {
        return NGX_ERROR;
    }

    if (type == NGX_HTTP_CONSENT_TYPE_OTHER) {
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

    if (type == NGX_HTTP_CONSENT_TYPE_XML) {
        ngx_log_error(NGX_LOG_ERR, r->connection->log, 0,
                      "consent_html: an \"%*s\" response is parsed as XML "
                      "by browsers and cannot be filtered, refused "
                      "(turn consent_html off where such responses are "
                      "served)",
                      ngx_min(r->headers_out.content_type.len, 64),
                      r->headers_out.content_type.data);

        return ngx_http_filter_finalize_request(r, &ngx_http_consent_module,
                                                NGX_HTTP_BAD_GATEWAY);
    }

    if (ngx_http_consent_html_encoded(r)
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

    charset = (type == NGX_HTTP_CONSENT_TYPE_SNIFFED)
              ? CONSENT_CHARSET_UNKNOWN : ngx_http_consent_html_charset(r);

    /* HEAD too: the headers of the page as the filter would send it */

    if (r == r->main) {
        ngx_http_clear_content_length(r);
        ngx_http_clear_accept_ranges(r);
        ngx_http_weak_etag(r);
    }

    if (r->header_only) {

        /* no body, no byte order mark to read: the charset decides */

        if (charset >= CONSENT_CHARSET_UTF16) {
            return ngx_http_consent_html_refuse(r, NULL,
                                       ngx_http_consent_html_charsets[charset]);
        }

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
    ctx->charset = charset;
    ctx->deferred = 0;
    ctx->checked = NULL;

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

    r->filter_need_in_memory = 1;

    if (r != r->main) {

        /*
         * a subrequest's context holds only its filter: evaluation lives
         * in r->main.  Its bytes are part of the page and read in the
         * page's charset, as the filter decided it; it has no byte order
         * mark.  Without the page's, a part is undeclared unless its own
         * is readable.
         */

        main = cctx->html;

        if (main) {
            ctx->charset = main->charset;

        } else if (ctx->charset != CONSENT_CHARSET_ASCII) {
            ctx->charset = CONSENT_CHARSET_UNKNOWN;
        }

        sctx = ngx_pcalloc(r->pool, sizeof(ngx_http_consent_ctx_t));
        if (sctx == NULL) {
            return NGX_ERROR;
        }

        sctx->html = ctx;
        ngx_http_set_ctx(r, sctx, ngx_http_consent_module);

        return ngx_http_next_header_filter(r);
    }

    cctx->html = ctx;

    /*
     * A byte order mark wins over the charset of the header: the header
     * waits for the first bytes of the body (as in the image filter).
     */

    ctx->deferred = 1;

    return NGX_OK;
}


/* the type of the response: up to ';', without spaces, any case */

static ngx_int_t
ngx_http_consent_html_type(ngx_http_request_t *r, ngx_hash_t *types)
{
    u_char      *p, *last, *low;
    size_t       len;
    ngx_uint_t   key;

    p = r->headers_out.content_type.data;
    len = r->headers_out.content_type.len;

    if (len == 0) {
        return NGX_HTTP_CONSENT_TYPE_SNIFFED;
    }

    last = ngx_strlchr(p, p + len, ';');

    if (last == NULL) {
        last = p + len;
    }

    while (p < last && (*p == ' ' || *p == '\t')) {
        p++;
    }

    while (last > p && (last[-1] == ' ' || last[-1] == '\t')) {
        last--;
    }

    len = last - p;

    if (len == 0) {
        return NGX_HTTP_CONSENT_TYPE_SNIFFED;
    }

    low = ngx_pnalloc(r->pool, len);
    if (low == NULL) {
        return NGX_ERROR;
    }

    key = ngx_hash_strlow(low, p, len);

    /* what browsers sniff: "unknown/unknown", "application/unknown", any */

    if ((len == sizeof("unknown/unknown") - 1
         && ngx_strncmp(low, "unknown/unknown", len) == 0)
        || (len == sizeof("application/unknown") - 1
            && ngx_strncmp(low, "application/unknown", len) == 0)
        || (len == sizeof("*/*") - 1 && ngx_strncmp(low, "*/*", len) == 0))
    {
        return NGX_HTTP_CONSENT_TYPE_SNIFFED;
    }

    if (ngx_http_consent_html_xml(low, len)) {
        return NGX_HTTP_CONSENT_TYPE_XML;
    }

    /* consent_html_types "*": an empty hash */

    if (types->size == 0 || ngx_hash_find(types, key, low, len)) {
        return NGX_HTTP_CONSENT_TYPE_HTML;
    }

    return NGX_HTTP_CONSENT_TYPE_OTHER;
}


/*
 * Every Content-Encoding header of the response and every coding in each:
 * anything but identity is a body the filter cannot read.
 */

static ngx_uint_t
ngx_http_consent_html_encoded(ngx_http_request_t *r)
{
    u_char                   *p, *end, *start, *last;
    ngx_table_elt_t          *h;
    ngx_http_consent_walk_t   w;

    ngx_http_consent_walk_init(&w, &r->headers_out.headers);

    while ((h = ngx_http_consent_walk_next(&w)) != NULL) {

        if (h->hash == 0
            || !ngx_http_consent_header_is(h, "Content-Encoding",
                                           sizeof("Content-Encoding") - 1))
        {
            continue;
        }

        p = h->value.data;
        end = p + h->value.len;

        while (p < end) {
            start = p;

            last = ngx_strlchr(p, end, ',');
            if (last == NULL) {
                last = end;
            }

            p = last + 1;

            while (start < last && (*start == ' ' || *start == '\t')) {
                start++;
            }

            while (last > start && (last[-1] == ' ' || last[-1] == '\t')) {
                last--;
            }

            if (last == start) {
                continue;
            }

            if (last - start != sizeof("identity") - 1
                || ngx_strncasecmp(start, (u_char *) "identity",
                                   sizeof("identity") - 1)
                   != 0)
            {
                return 1;
            }
        }
    }

    return 0;
}


/*
 * The charset a browser takes from the header: the Content-Type's own
 * charset parameters, or the charset nginx appends to it (an upstream's,
 * kept apart by nginx).  A "charset" directive adds its charset later in
 * the chain, to a response this filter read as undeclared: whatever it
 * declares, the checks of an undeclared page hold (see
 * ngx_http_consent_html_unreadable()).
 */

static ngx_uint_t
ngx_http_consent_html_charset(ngx_http_request_t *r)
{
    ngx_int_t   charset;
    ngx_str_t  *ct;

    ct = &r->headers_out.content_type;

    charset = consent_charset_content_type(ct->data, ct->len);

    if (charset == CONSENT_CHARSET_UNKNOWN
        && r->headers_out.charset.len
        && r->headers_out.content_type_len == ct->len)
    {
        charset = consent_charset_label(r->headers_out.charset.data,
                                        r->headers_out.charset.len);
    }

    return charset;
}


ngx_int_t
ngx_http_consent_html_body_filter(ngx_http_request_t *r, ngx_chain_t *in)
{
    size_t                         size;
    ngx_buf_t                     *b;
    ngx_int_t                      rc;
    ngx_uint_t                     nomem;
    ngx_chain_t                   *out, **ll, *cl;
    ngx_http_consent_ctx_t        *cctx;
    ngx_http_consent_html_ctx_t   *ctx;
    ngx_http_consent_main_conf_t  *cmcf;

    cctx = ngx_http_get_module_ctx(r, ngx_http_consent_module);
    ctx = cctx ? cctx->html : NULL;

    if (ctx == NULL) {
        return ngx_http_next_body_filter(r, in);
    }

    if (ctx->done) {

        if (r->header_only) {

            /* a 304 went instead of the page: the rest of it goes nowhere */

            for (cl = in; cl; cl = cl->next) {
                cl->buf->pos = cl->buf->last;

                if (cl->buf->file) {
                    cl->buf->file_pos = cl->buf->file_last;
                }
            }

            return NGX_OK;
        }

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

    if (ctx->deferred) {
        rc = ngx_http_consent_html_decide(r, ctx);

        if (rc == NGX_AGAIN) {
            if (ctx->in) {
                r->buffered |= NGX_HTTP_CONSENT_HTML_BUFFERED;
            }

            return NGX_OK;
        }

        if (rc == NGX_DONE) {
            return NGX_OK;
        }

        if (rc != NGX_OK) {
            return rc;
        }
    }

    for ( ;; ) {

        out = NULL;
        ll = &out;
        nomem = 0;

        while (ctx->in) {
            b = ctx->in->buf;

            size = ngx_buf_in_memory(b) ? (size_t) (b->last - b->pos) : 0;

            if (size) {
                if (ctx->free == NULL
                    && ctx->allocated == NGX_HTTP_CONSENT_HTML_BUFS)
                {
                    nomem = 1;
                    break;
                }

                size = ngx_min(size, NGX_HTTP_CONSENT_HTML_CHUNK);

                /*
                 * an undeclared page: every byte before the first NUL or
                 * ESC reads the same in each charset a browser may pick
                 * for it (see ngx_http_consent_html_unreadable()), what
                 * follows may not: the response ends before that byte
                 */

                if (ctx->charset == CONSENT_CHARSET_UNKNOWN
                    && b != ctx->checked
                    && ngx_http_consent_html_unreadable(b->pos, size))
                {
                    ngx_log_error(NGX_LOG_ERR, r->connection->log, 0,
                                  "consent_html: an HTML response without "
                                  "a charset holds a NUL or ESC byte "
                                  "(UTF-16 or ISO-2022-JP markup), "
                                  "aborted");
                    return NGX_ERROR;
                }

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

            if (b == ctx->checked) {
                /* the buffer may come again, refilled */
                ctx->checked = NULL;
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
 * The first bytes of the body decide, before the header goes: a byte
 * order mark, then the charset, then (undeclared) the bytes in hand.
 * NGX_AGAIN: more bytes are needed (at most the three of a UTF-8 mark).
 */

static ngx_int_t
ngx_http_consent_html_decide(ngx_http_request_t *r,
    ngx_http_consent_html_ctx_t *ctx)
{
    u_char       *p, first[3];
    size_t        n;
    ngx_int_t     rc;
    ngx_buf_t    *b;
    ngx_uint_t    last;
    ngx_chain_t  *cl, *out, **ll;

    n = 0;
    last = 0;

    for (cl = ctx->in; cl && n < 3; cl = cl->next) {
        b = cl->buf;

        if (ngx_buf_in_memory(b)) {
            for (p = b->pos; p < b->last && n < 3; p++) {
                first[n++] = *p;
            }
        }

        if (b->last_buf || b->last_in_chain) {
            last = 1;
            break;
        }
    }

    if (n == 0 && !last) {
        return NGX_AGAIN;
    }

    /*
     * FE FF and FF FE: UTF-16 (FF FE 00 00: UTF-32LE, which browsers read
     * as UTF-16LE); decided on the first byte, which is never one of
     * UTF-8 and seldom the first of a page in another charset
     */

    if (n && (first[0] == 0xfe || first[0] == 0xff)) {
        return ngx_http_consent_html_refuse(r, ctx,
                                            "with a UTF-16 byte order mark");
    }

    if (n == 3 && first[0] == 0xef && first[1] == 0xbb && first[2] == 0xbf) {

        /* UTF-8, whatever the header says */

        ctx->charset = CONSENT_CHARSET_ASCII;

    } else if (ctx->charset >= CONSENT_CHARSET_UTF16) {

        if (!last && ngx_memcmp(first, "\xef\xbb\xbf", n) == 0) {
            return NGX_AGAIN;
        }

        return ngx_http_consent_html_refuse(r, ctx,
                                  ngx_http_consent_html_charsets[ctx->charset]);
    }

    /* undeclared: the first buffer with bytes, once (not again below) */

    if (ctx->charset == CONSENT_CHARSET_UNKNOWN) {
        for (cl = ctx->in; cl; cl = cl->next) {
            b = cl->buf;

            if (!ngx_buf_in_memory(b) || b->pos == b->last) {
                continue;
            }

            if (ngx_http_consent_html_unreadable(b->pos, b->last - b->pos)) {
                return ngx_http_consent_html_refuse(r, ctx,
                                        "without a charset holds a NUL or "
                                        "ESC byte (UTF-16 or ISO-2022-JP "
                                        "markup) and");
            }

            ctx->checked = b;
            break;
        }
    }

    ctx->deferred = 0;

    rc = ngx_http_next_header_filter(r);

    if (rc == NGX_ERROR || rc > NGX_OK) {
        return NGX_ERROR;
    }

    if (r->header_only) {

        /* a 304 from the ETag the header filters compared */

        for (cl = ctx->in; cl; cl = cl->next) {
            cl->buf->pos = cl->buf->last;

            if (cl->buf->file) {
                cl->buf->file_pos = cl->buf->file_last;
            }
        }

        ctx->in = NULL;
        ctx->done = 1;
        r->buffered &= ~NGX_HTTP_CONSENT_HTML_BUFFERED;

        out = NULL;
        ll = &out;

        b = ngx_http_consent_html_empty_buf(r, &ll);
        if (b == NULL) {
            return NGX_ERROR;
        }

        b->last_buf = 1;

        rc = ngx_http_next_body_filter(r, out);

        return (rc == NGX_ERROR) ? NGX_ERROR : NGX_DONE;
    }

    return NGX_OK;
}


/* a clean 502: nothing of the response has been sent */

static ngx_int_t
ngx_http_consent_html_refuse(ngx_http_request_t *r,
    ngx_http_consent_html_ctx_t *ctx, const char *why)
{
    ngx_log_error(NGX_LOG_ERR, r->connection->log, 0,
                  "consent_html: an HTML response %s cannot be filtered, "
                  "refused", why);

    if (ctx) {
        ctx->done = 1;
        ctx->deferred = 0;
        ctx->in = NULL;
        r->buffered &= ~NGX_HTTP_CONSENT_HTML_BUFFERED;
    }

    return ngx_http_filter_finalize_request(r, &ngx_http_consent_module,
                                            NGX_HTTP_BAD_GATEWAY);
}


/*
 * A page without a charset is decoded from <meta charset> or by sniffing.
 * Each encoding a browser may pick then reads the bytes below 0x80 that
 * make markup (< > / = " ' ! - ? space, ASCII letters opening a name) as
 * ASCII, as the scanner does, except two: ISO-2022-JP leaves ASCII only
 * after an ESC byte (0x1B), UTF-16 needs NUL bytes (0x00) for any ASCII
 * character (a <meta> saying UTF-16 is read as UTF-8, the replacement
 * encoding renders nothing).  Without NUL and ESC, the bytes read the
 * same in all of them.
 */

static ngx_uint_t
ngx_http_consent_html_unreadable(u_char *p, size_t len)
{
    return memchr(p, '\0', len) != NULL || memchr(p, 0x1b, len) != NULL;
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

    b = ngx_http_consent_html_empty_buf(r, ll);
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

    b = ngx_http_consent_html_empty_buf(r, ll);
    if (b == NULL) {
        return NGX_ERROR;
    }

    b->flush = 1;

    return NGX_OK;
}


/* an empty buffer, not the filter's: dropped once sent */

static ngx_buf_t *
ngx_http_consent_html_empty_buf(ngx_http_request_t *r, ngx_chain_t ***ll)
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

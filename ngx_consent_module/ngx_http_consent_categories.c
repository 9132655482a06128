
/*
 * ngx_consent_module: the categories: the built-in ones and their mappings,
 * those "consent_category" adds, and the lists of them that directives
 * take.
 */


#include "ngx_http_consent.h"
#include "ngx_http_consent_formats.h"
#include "consent_form.h"
#include "consent_native.h"
#include "consent_didomi.h"


typedef struct {
    ngx_str_t                  category;
    ngx_str_t                  rule;
} ngx_http_consent_builtin_t;


static ngx_int_t ngx_http_consent_add_category(ngx_conf_t *cf,
    ngx_http_consent_main_conf_t *cmcf, ngx_str_t *name);
static char *ngx_http_consent_add_rule(ngx_conf_t *cf,
    ngx_http_consent_main_conf_t *cmcf, ngx_uint_t category,
    ngx_str_t *rule);


static ngx_str_t  ngx_http_consent_builtin_categories[] = {
    ngx_string("necessary"),           /* CONSENT_CAT_NECESSARY */
    ngx_string("analytics"),           /* CONSENT_CAT_ANALYTICS */
    ngx_string("marketing"),           /* CONSENT_CAT_MARKETING */
    ngx_string("preferences"),         /* CONSENT_CAT_PREFERENCES */
};


/*
 * What the formats call the built-in categories (the README's table);
 * operators add more with "consent_category NAME FORMAT:ID[+ID...]".  The
 * native cookie names the module's categories as they are and needs no
 * mapping; Klaro names services, which only the operator can map.
 */

static ngx_http_consent_builtin_t  ngx_http_consent_builtin_rules[] = {

    { ngx_string("analytics"), ngx_string("cookieconsent:analytics") },
    { ngx_string("marketing"), ngx_string("cookieconsent:marketing") },
    { ngx_string("marketing"), ngx_string("cookieconsent:advertisement") },
    { ngx_string("preferences"), ngx_string("cookieconsent:preferences") },
    { ngx_string("preferences"), ngx_string("cookieconsent:functionality") },

    { ngx_string("analytics"), ngx_string("cookiebot:statistics") },
    { ngx_string("marketing"), ngx_string("cookiebot:marketing") },
    { ngx_string("preferences"), ngx_string("cookiebot:preferences") },

    { ngx_string("analytics"), ngx_string("onetrust:C0002") },
    { ngx_string("preferences"), ngx_string("onetrust:C0003") },
    { ngx_string("marketing"), ngx_string("onetrust:C0004+C0005") },

    { ngx_string("analytics"), ngx_string("tcf:1+8") },
    { ngx_string("marketing"), ngx_string("tcf:1+2+3+4+7") },
    { ngx_string("preferences"), ngx_string("tcf:1+5+6") },
    { ngx_string("preferences"), ngx_string("tcf:1+11") },

    /* the US formats only refuse: any opt-out denies marketing */

    { ngx_string("marketing"), ngx_string("usprivacy:SaleOptOut") },
    { ngx_string("marketing"), ngx_string("gpp:SaleOptOut") },
    { ngx_string("marketing"), ngx_string("gpp:SharingOptOut") },
    { ngx_string("marketing"), ngx_string("gpp:TargetedAdvertisingOptOut") },
    { ngx_string("marketing"), ngx_string("gpp:Gpc") },

    /* Borlabs Cookie's default groups; services are the site's to map */

    { ngx_string("analytics"), ngx_string("borlabs:statistics") },
    { ngx_string("marketing"), ngx_string("borlabs:marketing") },
    { ngx_string("preferences"), ngx_string("borlabs:external-media") },

    /* CookieYes's performance category is the operator's to map */

    { ngx_string("analytics"), ngx_string("cookieyes:analytics") },
    { ngx_string("marketing"), ngx_string("cookieyes:advertisement") },
    { ngx_string("preferences"), ngx_string("cookieyes:functional") },

    /* Complianz's functional category is necessary */

    { ngx_string("analytics"), ngx_string("complianz:statistics") },
    { ngx_string("marketing"), ngx_string("complianz:marketing") },
    { ngx_string("preferences"), ngx_string("complianz:preferences") },

    /*
     * Didomi's IDs of the IAB purposes, as tcf's above; a site's own
     * purposes are the operator's to map
     */

    { ngx_string("analytics"),
      ngx_string("didomi:cookies+measure_content_performance") },
    { ngx_string("marketing"),
      ngx_string("didomi:cookies+select_basic_ads+create_ads_profile"
                 "+select_personalized_ads+measure_ad_performance") },
    { ngx_string("preferences"),
      ngx_string("didomi:cookies+create_content_profile"
                 "+select_personalized_content") },
    { ngx_string("preferences"),
      ngx_string("didomi:cookies+use_limited_data_to_select_content") },

    { ngx_null_string, ngx_null_string }
};


/* variables exist from here on: the built-in categories, their mappings */

ngx_int_t
ngx_http_consent_add_builtin_categories(ngx_conf_t *cf,
    ngx_http_consent_main_conf_t *cmcf)
{
    ngx_str_t                   *name;
    ngx_uint_t                   i;
    ngx_http_consent_builtin_t  *b;

    for (i = 0; i < CONSENT_CAT_BUILTIN; i++) {
        name = &ngx_http_consent_builtin_categories[i];

        if (ngx_http_consent_add_category(cf, cmcf, name) == NGX_ERROR) {
            return NGX_ERROR;
        }
    }

    for (b = ngx_http_consent_builtin_rules; b->category.len; b++) {
        if (ngx_http_consent_add_rule(cf, cmcf,
                                      ngx_http_consent_find_category(cmcf,
                                                                &b->category),
                                      &b->rule)
            != NGX_CONF_OK)
        {
            return NGX_ERROR;
        }
    }

    return NGX_OK;
}


char *
ngx_http_consent_category(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_http_consent_main_conf_t *cmcf = conf;

    char       *rv;
    ngx_int_t   category;
    ngx_str_t  *value;
    ngx_uint_t  i;

    value = cf->args->elts;

    if (!consent_native_valid_name(value[1].data, value[1].len)) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "invalid consent category name \"%V\": "
                           "use 1 to %d of a-z, 0-9 and \"_\"",
                           &value[1], CONSENT_NATIVE_NAME_LEN);
        return NGX_CONF_ERROR;
    }

    if (consent_form_reserved(value[1].data, value[1].len)) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "consent category name \"%V\" is reserved: "
                           "the form of \"consent_endpoint\" uses it",
                           &value[1]);
        return NGX_CONF_ERROR;
    }

    category = ngx_http_consent_find_category(cmcf, &value[1]);

    if (category == CONSENT_CAT_NECESSARY) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "consent category \"necessary\" is always "
                           "granted and takes no mappings");
        return NGX_CONF_ERROR;
    }

    if (category == NGX_DECLINED) {
        category = ngx_http_consent_add_category(cf, cmcf, &value[1]);

        if (category == NGX_DECLINED) {
            ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                               "too many consent categories, at most %d",
                               CONSENT_MAX_CATEGORIES);
            return NGX_CONF_ERROR;
        }

        if (category == NGX_ERROR) {
            return NGX_CONF_ERROR;
        }
    }

    for (i = 2; i < cf->args->nelts; i++) {
        rv = ngx_http_consent_add_rule(cf, cmcf, category, &value[i]);
        if (rv != NGX_CONF_OK) {
            return rv;
        }
    }

    return NGX_CONF_OK;
}


static ngx_int_t
ngx_http_consent_add_category(ngx_conf_t *cf,
    ngx_http_consent_main_conf_t *cmcf, ngx_str_t *name)
{
    ngx_str_t       *c;
    ngx_uint_t       index;
    consent_str_t   *token;

    index = cmcf->categories.nelts;

    if (index == CONSENT_MAX_CATEGORIES) {
        return NGX_DECLINED;
    }

    c = ngx_array_push(&cmcf->categories);
    if (c == NULL) {
        return NGX_ERROR;
    }

    *c = *name;

    /* the native cookie names categories as they are: token i, category i */

    token = ngx_array_push(&cmcf->maps[NGX_HTTP_CONSENT_NATIVE].tokens);
    if (token == NULL) {
        return NGX_ERROR;
    }

    token->data = name->data;
    token->len = name->len;

    if (ngx_http_consent_add_category_variable(cf, name, index) != NGX_OK) {
        return NGX_ERROR;
    }

    return index;
}


ngx_int_t
ngx_http_consent_find_category(ngx_http_consent_main_conf_t *cmcf,
    ngx_str_t *name)
{
    ngx_str_t   *c;
    ngx_uint_t   i;

    c = cmcf->categories.elts;

    for (i = 0; i < cmcf->categories.nelts; i++) {
        if (c[i].len == name->len
            && ngx_strncmp(c[i].data, name->data, name->len) == 0)
        {
            return i;
        }
    }

    return NGX_DECLINED;
}


/* a category a directive may gate: declared, and not "necessary" */

ngx_int_t
ngx_http_consent_optional_category(ngx_conf_t *cf,
    ngx_http_consent_main_conf_t *cmcf, ngx_str_t *name)
{
    ngx_int_t  category;

    category = ngx_http_consent_find_category(cmcf, name);

    if (category == NGX_DECLINED) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "unknown consent category \"%V\"", name);
        return NGX_ERROR;
    }

    if (category == CONSENT_CAT_NECESSARY) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "consent category \"necessary\" is always "
                           "granted");
        return NGX_ERROR;
    }

    return category;
}


/*
 * "FORMAT:ID[+ID...]": one more way for a format to grant a category, or
 * for usprivacy and gpp, whose IDs are opt-outs, to deny it
 */

static char *
ngx_http_consent_add_rule(ngx_conf_t *cf, ngx_http_consent_main_conf_t *cmcf,
    ngx_uint_t category, ngx_str_t *rule)
{
    u_char                     *p, *last, *s, *colon;
    ngx_int_t                   n;
    consent_str_t              *token;
    consent_rule_t             *r;
    consent_tokens_t            need;
    ngx_http_consent_map_t     *map;
    ngx_http_consent_format_t  *fmt;

    last = rule->data + rule->len;
    colon = ngx_strlchr(rule->data, last, ':');

    if (colon == NULL || colon + 1 == last || last[-1] == '+') {
        goto invalid;
    }

    n = ngx_http_consent_format_find(rule->data, colon - rule->data);
    fmt = (n == NGX_DECLINED) ? NULL : &ngx_http_consent_formats[n];

    if (fmt == NULL || fmt->tokens == NGX_HTTP_CONSENT_TOKENS_NONE) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "unknown consent format in \"%V\"", rule);
        return NGX_CONF_ERROR;
    }

    map = &cmcf->maps[n];
    need = 0;

    for (p = colon + 1; p < last; p = s + 1) {

        s = ngx_strlchr(p, last, '+');
        if (s == NULL) {
            s = last;
        }

        if (s == p || s - p > 64) {
            goto invalid;
        }

        if (fmt->tokens == NGX_HTTP_CONSENT_TOKENS_PURPOSES) {
            n = ngx_atoi(p, s - p);

            if (n < 1 || n > 24) {
                ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                                   "invalid purpose \"%*s\" in \"%V\": "
                                   "use 1 to 24", s - p, p, rule);
                return NGX_CONF_ERROR;
            }

            need |= (consent_tokens_t) 1 << (n - 1);
            continue;
        }

        if (fmt->tokens == NGX_HTTP_CONSENT_TOKENS_OPTOUTS) {
            n = ngx_http_consent_optout_find(p, s - p);

            if (n == NGX_DECLINED) {
                ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                                   "unknown opt-out \"%*s\" in \"%V\": "
                                   "use SaleOptOut, SharingOptOut, "
                                   "TargetedAdvertisingOptOut or Gpc",
                                   s - p, p, rule);
                return NGX_CONF_ERROR;
            }

            need |= (consent_tokens_t) 1 << n;
            continue;
        }

        if (map == &cmcf->maps[NGX_HTTP_CONSENT_DIDOMI]
            && !consent_didomi_token_valid(p, s - p))
        {
            ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                               "invalid Didomi ID \"%*s\" in \"%V\": "
                               "a purpose has no \":\", a vendor is "
                               "\"vendor:ID\"", s - p, p, rule);
            return NGX_CONF_ERROR;
        }

        n = consent_token_index(map->tokens.elts, map->tokens.nelts, p, s - p);

        if (n < 0) {
            if (map->tokens.nelts == CONSENT_MAX_TOKENS) {
                ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                                   "too many names for format \"%V\", "
                                   "at most %d", &fmt->name,
                                   CONSENT_MAX_TOKENS);
                return NGX_CONF_ERROR;
            }

            token = ngx_array_push(&map->tokens);
            if (token == NULL) {
                return NGX_CONF_ERROR;
            }

            token->data = p;
            token->len = s - p;
            n = map->tokens.nelts - 1;
        }

        need |= (consent_tokens_t) 1 << n;
    }

    r = ngx_array_push(&map->rules);
    if (r == NULL) {
        return NGX_CONF_ERROR;
    }

    r->need = need;
    r->category = category;

    return NGX_CONF_OK;

invalid:

    ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                       "invalid mapping \"%V\", use FORMAT:ID[+ID...]", rule);

    return NGX_CONF_ERROR;
}


char *
ngx_http_consent_category_list(ngx_conf_t *cf,
    ngx_http_consent_main_conf_t *cmcf, ngx_str_t *list, consent_cats_t *cats)
{
    u_char     *p, *last, *s;
    ngx_int_t   category;
    ngx_str_t   name;

    last = list->data + list->len;

    /* "a,,b" is caught below, "a," here */

    if (list->len == 0 || last[-1] == ',') {
        goto invalid;
    }

    for (p = list->data; p < last; p = s + 1) {

        s = ngx_strlchr(p, last, ',');
        if (s == NULL) {
            s = last;
        }

        name.data = p;
        name.len = s - p;

        if (name.len == 0) {
            goto invalid;
        }

        category = ngx_http_consent_optional_category(cf, cmcf, &name);

        if (category == NGX_ERROR) {
            return NGX_CONF_ERROR;
        }

        *cats |= CONSENT_BIT(category);
    }

    return NGX_CONF_OK;

invalid:

    ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                       "invalid category list \"%V\"", list);

    return NGX_CONF_ERROR;
}


/*
 * ngx_consent_module: the instructions one consent format's core takes
 * for one value, without nginx around it.  Parses VALUE N times; run it
 * under callgrind with two values of N (bench/core_cost.pl does) and the
 * difference, divided, is the cost of one parse.
 *
 *   usage: core_cost FORMAT VALUE N
 *
 * FORMAT is a consent_cookie format; the formats that take names get
 * none, so they grant nothing and read the whole value.
 */


#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "consent_native.h"
#include "consent_cookieconsent.h"
#include "consent_klaro.h"
#include "consent_cookiebot.h"
#include "consent_onetrust.h"
#include "consent_tcf.h"
#include "consent_usprivacy.h"
#include "consent_gpp.h"
#include "consent_borlabs.h"
#include "consent_axeptio.h"
#include "consent_didomi.h"
#include "consent_cookieyes.h"
#include "consent_complianz.h"


typedef int (*core_cost_pt)(const u_char *p, size_t len, u_char *scratch,
    consent_result_t *res);


static int core_cost_native(const u_char *p, size_t len, u_char *scratch,
    consent_result_t *res);
static int core_cost_cookieconsent(const u_char *p, size_t len,
    u_char *scratch, consent_result_t *res);
static int core_cost_klaro(const u_char *p, size_t len, u_char *scratch,
    consent_result_t *res);
static int core_cost_cookiebot(const u_char *p, size_t len, u_char *scratch,
    consent_result_t *res);
static int core_cost_onetrust(const u_char *p, size_t len, u_char *scratch,
    consent_result_t *res);
static int core_cost_tcf(const u_char *p, size_t len, u_char *scratch,
    consent_result_t *res);
static int core_cost_usprivacy(const u_char *p, size_t len, u_char *scratch,
    consent_result_t *res);
static int core_cost_gpp(const u_char *p, size_t len, u_char *scratch,
    consent_result_t *res);
static int core_cost_borlabs(const u_char *p, size_t len, u_char *scratch,
    consent_result_t *res);
static int core_cost_axeptio(const u_char *p, size_t len, u_char *scratch,
    consent_result_t *res);
static int core_cost_didomi(const u_char *p, size_t len, u_char *scratch,
    consent_result_t *res);
static int core_cost_cookieyes(const u_char *p, size_t len, u_char *scratch,
    consent_result_t *res);
static int core_cost_complianz(const u_char *p, size_t len, u_char *scratch,
    consent_result_t *res);


static const struct {
    const char    *name;
    core_cost_pt   parse;
} core_cost_formats[] = {
    { "native", core_cost_native },
    { "cookieconsent", core_cost_cookieconsent },
    { "klaro", core_cost_klaro },
    { "cookiebot", core_cost_cookiebot },
    { "onetrust", core_cost_onetrust },
    { "tcf", core_cost_tcf },
    { "usprivacy", core_cost_usprivacy },
    { "gpp", core_cost_gpp },
    { "borlabs", core_cost_borlabs },
    { "axeptio", core_cost_axeptio },
    { "didomi", core_cost_didomi },
    { "cookieyes", core_cost_cookieyes },
    { "complianz", core_cost_complianz },
    { NULL, NULL }
};


int
main(int argc, char **argv)
{
    int                rc;
    long               i, n;
    size_t             f, len;
    u_char            *value, *scratch;
    consent_result_t   res;

    if (argc != 4 || (n = atol(argv[3])) < 1) {
        fprintf(stderr, "usage: core_cost FORMAT VALUE N\n");
        return 2;
    }

    for (f = 0; core_cost_formats[f].name; f++) {
        if (strcmp(core_cost_formats[f].name, argv[1]) == 0) {
            break;
        }
    }

    if (core_cost_formats[f].name == NULL) {
        fprintf(stderr, "core_cost: unknown format \"%s\"\n", argv[1]);
        return 2;
    }

    /* the value and the scratch buffer the glue would give, each its own */

    len = strlen(argv[2]);
    value = malloc(len + 1);
    scratch = malloc(len + 1);

    if (value == NULL || scratch == NULL) {
        return 2;
    }

    memcpy(value, argv[2], len);

    rc = CONSENT_OK;

    for (i = 0; i < n; i++) {
        rc = core_cost_formats[f].parse(value, len, scratch, &res);
    }

    printf("%s: %s\n", argv[1], consent_strerror(rc));

    free(value);
    free(scratch);

    return 0;
}


static int
core_cost_native(const u_char *p, size_t len, u_char *scratch,
    consent_result_t *res)
{
    return consent_native_parse(p, len, NULL, 0, res);
}


static int
core_cost_cookieconsent(const u_char *p, size_t len, u_char *scratch,
    consent_result_t *res)
{
    return consent_cookieconsent_parse(p, len, scratch, NULL, 0, res);
}


static int
core_cost_klaro(const u_char *p, size_t len, u_char *scratch,
    consent_result_t *res)
{
    return consent_klaro_parse(p, len, scratch, NULL, 0, res);
}


static int
core_cost_cookiebot(const u_char *p, size_t len, u_char *scratch,
    consent_result_t *res)
{
    return consent_cookiebot_parse(p, len, scratch, NULL, 0, res);
}


static int
core_cost_onetrust(const u_char *p, size_t len, u_char *scratch,
    consent_result_t *res)
{
    return consent_onetrust_parse(p, len, scratch, NULL, 0, res);
}


static int
core_cost_tcf(const u_char *p, size_t len, u_char *scratch,
    consent_result_t *res)
{
    return consent_tcf_parse(p, len, res);
}


static int
core_cost_usprivacy(const u_char *p, size_t len, u_char *scratch,
    consent_result_t *res)
{
    return consent_usprivacy_parse(p, len, res);
}


static int
core_cost_gpp(const u_char *p, size_t len, u_char *scratch,
    consent_result_t *res)
{
    return consent_gpp_parse(p, len, res);
}


static int
core_cost_borlabs(const u_char *p, size_t len, u_char *scratch,
    consent_result_t *res)
{
    return consent_borlabs_parse(p, len, scratch, NULL, 0, res);
}


static int
core_cost_axeptio(const u_char *p, size_t len, u_char *scratch,
    consent_result_t *res)
{
    return consent_axeptio_parse(p, len, scratch, NULL, 0, res);
}


static int
core_cost_didomi(const u_char *p, size_t len, u_char *scratch,
    consent_result_t *res)
{
    return consent_didomi_parse(p, len, scratch, NULL, 0, res);
}


static int
core_cost_cookieyes(const u_char *p, size_t len, u_char *scratch,
    consent_result_t *res)
{
    return consent_cookieyes_parse(p, len, scratch, NULL, 0, res);
}


static int
core_cost_complianz(const u_char *p, size_t len, u_char *scratch,
    consent_result_t *res)
{
    return consent_complianz_parse(p, len, scratch, NULL, 0, res);
}

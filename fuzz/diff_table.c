
/*
 * ngx_consent_module: the table of format cores that fuzz/diff_formats.c
 * compares.  Compiled twice by "make fuzz-diff": once against the cores of
 * the tree (DIFF_TABLE diff_new), once against the cores of an older
 * commit whose every external symbol is renamed old_... by a generated
 * header (DIFF_TABLE diff_old).  Every core gets the same signature here.
 */


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
#include "consent_cookieyes.h"
#include "consent_complianz.h"
#include "consent_didomi.h"

#include "diff_table.h"


static int diff_native(const u_char *p, size_t len, u_char *scratch,
    const consent_str_t *tokens, size_t ntokens, consent_result_t *res);
static int diff_tcf(const u_char *p, size_t len, u_char *scratch,
    const consent_str_t *tokens, size_t ntokens, consent_result_t *res);
static int diff_usprivacy(const u_char *p, size_t len, u_char *scratch,
    const consent_str_t *tokens, size_t ntokens, consent_result_t *res);
static int diff_gpp(const u_char *p, size_t len, u_char *scratch,
    const consent_str_t *tokens, size_t ntokens, consent_result_t *res);
static long diff_pct(const u_char *p, size_t len, u_char *dst,
    unsigned flags);


const diff_table_t  DIFF_TABLE = {
    diff_pct,
    {
        { "native", diff_native },
        { "cookieconsent", consent_cookieconsent_parse },
        { "klaro", consent_klaro_parse },
        { "cookiebot", consent_cookiebot_parse },
        { "onetrust", consent_onetrust_parse },
        { "tcf", diff_tcf },
        { "usprivacy", diff_usprivacy },
        { "gpp", diff_gpp },
        { "borlabs", consent_borlabs_parse },
        { "axeptio", consent_axeptio_parse },
        { "cookieyes", consent_cookieyes_parse },
        { "complianz", consent_complianz_parse },
        { "didomi", consent_didomi_parse },
        { NULL, NULL }
    }
};


static int
diff_native(const u_char *p, size_t len, u_char *scratch,
    const consent_str_t *tokens, size_t ntokens, consent_result_t *res)
{
    return consent_native_parse(p, len, tokens, ntokens, res);
}


static int
diff_tcf(const u_char *p, size_t len, u_char *scratch,
    const consent_str_t *tokens, size_t ntokens, consent_result_t *res)
{
    return consent_tcf_parse(p, len, res);
}


static int
diff_usprivacy(const u_char *p, size_t len, u_char *scratch,
    const consent_str_t *tokens, size_t ntokens, consent_result_t *res)
{
    return consent_usprivacy_parse(p, len, res);
}


static int
diff_gpp(const u_char *p, size_t len, u_char *scratch,
    const consent_str_t *tokens, size_t ntokens, consent_result_t *res)
{
    return consent_gpp_parse(p, len, res);
}


static long
diff_pct(const u_char *p, size_t len, u_char *dst, unsigned flags)
{
    return consent_pct_decode(p, len, dst, flags);
}

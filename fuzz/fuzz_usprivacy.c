
/*
 * Fuzz target: the US Privacy string.
 *
 * Properties: it never grants; it succeeds only on four characters, "1"
 * then three of Y N y n -, with "-" for the sale opt-out only in "1---";
 * refused is set exactly when that character is 'Y' or 'y'; a failure
 * says nothing at all.  The input is copied into a buffer of exactly its
 * size, so that ASan catches a read past its end.
 */


#include "consent_usprivacy.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>


static int
signal_char(u_char c)
{
    return c == 'Y' || c == 'N' || c == 'y' || c == 'n' || c == '-';
}


int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int                rc, valid;
    u_char            *buf;
    consent_result_t   res;

    buf = malloc(size ? size : 1);
    if (buf == NULL) {
        return 0;
    }

    memcpy(buf, data, size);

    rc = consent_usprivacy_parse(buf, size, &res);

    valid = size == 4 && buf[0] == '1'
            && signal_char(buf[1]) && signal_char(buf[2])
            && signal_char(buf[3])
            && (buf[2] != '-' || (buf[1] == '-' && buf[3] == '-'));

    if (res.granted != 0 || res.timestamp != -1 || res.revision != -1
        || res.id.len != 0 || res.undecided)
    {
        __builtin_trap();
    }

    if (rc == CONSENT_OK) {
        if (!valid || !res.restrict_only
            || (res.refused != 0) != (buf[2] == 'Y' || buf[2] == 'y'))
        {
            __builtin_trap();
        }

    } else {
        if (valid || res.restrict_only || res.refused) {
            __builtin_trap();
        }
    }

    free(buf);

    return 0;
}

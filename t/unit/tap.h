
/*
 * A minimal TAP producer for the unit tests of the pure C cores; the
 * binaries are run by prove (make unit).
 */


#ifndef _CONSENT_TAP_H_INCLUDED_
#define _CONSENT_TAP_H_INCLUDED_


#include <stdio.h>
#include <stdarg.h>
#include <string.h>


static int  tap_run;
static int  tap_failed;


#define ok(cond, ...)                                                         \
    tap_ok(!!(cond), __FILE__, __LINE__, __VA_ARGS__)

#define is_int(got, want, name)                                               \
    tap_is_int((long long) (got), (long long) (want), __FILE__, __LINE__,     \
               name)

#define is_str(got, glen, want, name)                                         \
    tap_is_str((const char *) (got), (size_t) (glen), want, __FILE__,         \
               __LINE__, name)


static int
tap_ok(int pass, const char *file, int line, const char *fmt, ...)
    __attribute__ ((format (printf, 4, 5)));

static int
tap_ok(int pass, const char *file, int line, const char *fmt, ...)
{
    va_list  args;

    tap_run++;

    printf("%s %d - ", pass ? "ok" : "not ok", tap_run);

    va_start(args, fmt);
    vprintf(fmt, args);
    va_end(args);

    printf("\n");

    if (!pass) {
        tap_failed++;
        printf("#   Failed test at %s line %d.\n", file, line);
    }

    return pass;
}


static int __attribute__ ((unused))
tap_is_int(long long got, long long want, const char *file, int line,
    const char *name)
{
    if (tap_ok(got == want, file, line, "%s", name)) {
        return 1;
    }

    printf("#          got: %lld\n#     expected: %lld\n", got, want);

    return 0;
}


static int __attribute__ ((unused))
tap_is_str(const char *got, size_t glen, const char *want, const char *file,
    int line, const char *name)
{
    if (tap_ok(got != NULL && strlen(want) == glen
               && memcmp(got, want, glen) == 0, file, line, "%s", name))
    {
        return 1;
    }

    printf("#          got: '%.*s'\n#     expected: '%s'\n",
           got ? (int) glen : 6, got ? got : "(null)", want);

    return 0;
}


static int __attribute__ ((unused))
done_testing(void)
{
    printf("1..%d\n", tap_run);

    if (tap_failed) {
        printf("# Looks like you failed %d test%s of %d.\n",
               tap_failed, tap_failed == 1 ? "" : "s", tap_run);
    }

    return tap_failed ? 1 : 0;
}


#endif /* _CONSENT_TAP_H_INCLUDED_ */

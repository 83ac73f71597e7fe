/* The bundled example (wheelfs_example._native): a private helper library outside the wheel
 * (libwfexample.so.1) and getrandom (GLIBC_2.25, so manylinux_2_26 once repaired).
 * value() == 2025. */
#include <sys/random.h>
#include "fixture.h"

int wfexample_helper(void);

long fixture_value(void) {
    unsigned char b[2];
    long n = getrandom(b, sizeof b, GRND_NONBLOCK) == (ssize_t)sizeof b ? 25 : 0;
    return wfexample_helper() + n;
}

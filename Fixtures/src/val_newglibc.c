/* newglibc wheel: GLIBC_2.25 (getrandom), 2.26 (reallocarray) and 2.34 (close_range);
 * the highest, GLIBC_2.34, caps the wheel at manylinux_2_34. value() == 34. */
#define _GNU_SOURCE
#include <stdlib.h>
#include <sys/random.h>
#include <unistd.h>
#include "fixture.h"

long fixture_value(void) {
    unsigned char buf[4];
    long n = 0;
    if (getrandom(buf, sizeof buf, GRND_NONBLOCK) == (ssize_t)sizeof buf) n += 4;
    void *p = reallocarray(NULL, 4, 8);
    if (p != NULL) n += 10;
    free(p);
    if (close_range(5, 4, 0) != 0) n += 20; /* invalid range: fails, closes nothing */
    return n;
}

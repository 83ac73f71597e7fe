/* libnewglibc.so: one call per recent glibc symbol version (glibc 2.36 host).
 *   getrandom      GLIBC_2.25   (no manylinux_2_25 policy: the next one is manylinux_2_26)
 *   reallocarray   GLIBC_2.26
 *   close_range    GLIBC_2.34
 *   _dl_find_object GLIBC_2.35
 *   pidfd_open     GLIBC_2.36
 *   arc4random     GLIBC_2.36 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/pidfd.h>
#include <sys/random.h>
#include <unistd.h>

int newglibc_value(void) {
    unsigned char buf[4];
    int n = 0;
    if (getrandom(buf, sizeof buf, GRND_NONBLOCK) == (ssize_t)sizeof buf) n += 1;
    void *p = reallocarray(NULL, 4, 8);
    if (p != NULL) n += 2;
    free(p);
    if (close_range(5, 4, 0) != 0) n += 4; /* invalid range: fails with EINVAL, closes nothing */
    struct dl_find_object dlfo;
    if (_dl_find_object((void *)&newglibc_value, &dlfo) == 0) n += 8;
    if (pidfd_open(-1, 0) < 0) n += 16; /* invalid pid: fails */
    if (arc4random() <= UINT32_MAX) n += 32;
    return n; /* 63 when every call behaved */
}

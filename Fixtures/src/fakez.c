/* A fake private libz.so.1 exporting zlib internals that auditwheel blacklists (zcalloc,
 * zcfree), under the real ZLIB_1.2.0 version node (fakez.map). Mirrors auditwheel's testzlib. */
#include <stdlib.h>

void *zcalloc(void *opaque, unsigned items, unsigned size) {
    (void)opaque;
    return calloc(items, size);
}

void zcfree(void *opaque, void *ptr) {
    (void)opaque;
    free(ptr);
}

const char *zlibVersion(void) { return "1.2.13-wheelfs-fake"; }

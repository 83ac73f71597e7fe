/* blacklist wheel: imports zcalloc/zcfree from libz.so.1 (a fake private zlib that exports
 * them, fakez.c). auditwheel's libz.so.1 blacklist names both. value() == 1. */
#include "fixture.h"

void *zcalloc(void *opaque, unsigned items, unsigned size);
void zcfree(void *opaque, void *ptr);

long fixture_value(void) {
    void *p = zcalloc(0, 4, 4);
    if (p == 0) return 0;
    zcfree(0, p);
    return 1;
}

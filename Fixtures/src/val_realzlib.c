/* realzlib wheel: the system libz.so.1 through its public API only (deflateInit_, deflate,
 * deflateEnd, and deflateBound@ZLIB_1.2.0): no blacklist hit. value() == 1000 (bytes read). */
#include <string.h>
#include <zlib.h>
#include "fixture.h"

long fixture_value(void) {
    unsigned char in[1000], out[2048];
    memset(in, 'w', sizeof in);
    z_stream s;
    memset(&s, 0, sizeof s);
    if (deflateInit(&s, 6) != Z_OK) return -1;
    if (deflateBound(&s, sizeof in) > sizeof out) return -2;
    s.next_in = in;
    s.avail_in = sizeof in;
    s.next_out = out;
    s.avail_out = sizeof out;
    int rc = deflate(&s, Z_FINISH);
    long total = (long)s.total_in;
    deflateEnd(&s);
    return rc == Z_STREAM_END ? total : -3;
}

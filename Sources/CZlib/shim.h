#ifndef WHEELFS_CZLIB_SHIM_H
#define WHEELFS_CZLIB_SHIM_H
#include <zlib.h>

/* inflateInit2 and deflateInit2 are macros; expose them as functions. */
static inline int wheelfs_inflateInit2(z_streamp strm, int windowBits) {
  return inflateInit2(strm, windowBits);
}
static inline int wheelfs_deflateInit2(z_streamp strm, int level, int windowBits, int memLevel,
                                       int strategy) {
  return deflateInit2(strm, level, Z_DEFLATED, windowBits, memLevel, strategy);
}
#endif

#ifndef WHEELFS_CLIBDEFLATE_SHIM_H
#define WHEELFS_CLIBDEFLATE_SHIM_H
/* libdeflate: whole-buffer raw-deflate decompression and CRC-32, about 2.4x zlib's inflate on
   wheel members (docs/wheel-format.md). Used by WheelKit/Zip/Zlib.swift only. */
#include <libdeflate.h>
#endif

#ifndef WHEELFS_CFUSE3_SHIM_H
#define WHEELFS_CFUSE3_SHIM_H
/* Do not define _FILE_OFFSET_BITS here: it makes statvfs/flock differ from Glibc's module.
 * off_t is already 64-bit on the 64-bit hosts wheelfs supports. */
#define FUSE_USE_VERSION 314
#include <fuse3/fuse.h>
#include <fuse3/fuse_lowlevel.h>
#endif

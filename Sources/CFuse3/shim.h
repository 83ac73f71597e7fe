#ifndef WHEELFS_CFUSE3_SHIM_H
#define WHEELFS_CFUSE3_SHIM_H
/* Do not define _FILE_OFFSET_BITS here: it makes statvfs/flock differ from Glibc's module.
 * off_t is already 64-bit on the 64-bit hosts wheelfs supports. */
#define FUSE_USE_VERSION 314
#include <fuse3/fuse.h>
#include <fuse3/fuse_lowlevel.h>
#include <stdarg.h>
#include <stdio.h>
#include <signal.h>
#include <spawn.h>
#include <sys/mount.h>

/* libfuse's logger is variadic (va_list), which Swift cannot forward. libfuse calls the
 * trampoline below; it formats the message and hands the text to one Swift sink. */
typedef void (*cfuse3_log_sink)(int level, const char *message);

/* A function-local static: Swift's importer emits it with the function (a file-scope static
 * variable in a header is not emitted at all). */
static inline cfuse3_log_sink *cfuse3_log_sink_slot(void) {
  static cfuse3_log_sink sink;
  return &sink;
}

static inline void cfuse3_log_trampoline(enum fuse_log_level level, const char *fmt, va_list ap) {
  char buffer[2048];
  vsnprintf(buffer, sizeof buffer, fmt, ap);
  cfuse3_log_sink sink = *cfuse3_log_sink_slot();
  if (sink) sink((int)level, buffer);
}

/* Routes libfuse's log messages to `sink` (NULL restores libfuse's stderr logger). */
static inline void cfuse3_set_log_sink(cfuse3_log_sink sink) {
  *cfuse3_log_sink_slot() = sink;
  fuse_set_log_func(sink ? cfuse3_log_trampoline : NULL);
}

/* Macros and GNU-only constants that do not import into Swift. */
static inline int cfuse3_mnt_detach(void) { return MNT_DETACH; }
static inline int cfuse3_mnt_force(void) { return MNT_FORCE; }
#ifdef POSIX_SPAWN_SETSID
static inline short cfuse3_spawn_setsid(void) { return POSIX_SPAWN_SETSID; }
#else
static inline short cfuse3_spawn_setsid(void) { return 0x80; } /* glibc >= 2.26 (GNU extension) */
#endif
#endif

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
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <string.h>
#include <unistd.h>
#include <poll.h>
#include <spawn.h>
#include <stdlib.h>
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

/* fuse_session_loop_mt is a macro over a versioned symbol. */
static inline int cfuse3_session_loop_mt(struct fuse_session *se, struct fuse_loop_config *config) {
  return fuse_session_loop_mt(se, config);
}

/* Copies `size` bytes at `data` into the kernel's page cache of inode `ino` from `offset`
 * (FUSE_NOTIFY_STORE). Returns 0 or -errno. */
static inline int cfuse3_notify_store(struct fuse_session *se, fuse_ino_t ino, off_t offset,
                                      const void *data, size_t size) {
  struct fuse_bufvec bufv = FUSE_BUFVEC_INIT(size);
  bufv.buf[0].mem = (void *)data;
  return fuse_lowlevel_notify_store(se, ino, offset, &bufv, 0);
}

/* Waits up to `timeout_ms` for one request and answers it (outside the worker loop, after it
 * ended). Returns 1 if a request was answered, 0 if none came, -errno when the session is gone.
 * Clears the session's "exited" flag first: libfuse drops a request it reads while exiting. */
static inline int cfuse3_serve_one(struct fuse_session *se, int timeout_ms) {
  if (fuse_session_exited(se)) fuse_session_reset(se);
  struct pollfd pfd = { .fd = fuse_session_fd(se), .events = POLLIN };
  int ready = poll(&pfd, 1, timeout_ms);
  if (ready < 0) return errno == EINTR ? 0 : -errno;
  if (ready == 0) return 0;
  if (pfd.revents & (POLLERR | POLLHUP | POLLNVAL)) return -ENODEV;
  struct fuse_buf buf = { .mem = NULL };
  int received = fuse_session_receive_buf(se, &buf);
  if (received > 0) fuse_session_process_buf(se, &buf);
  free(buf.mem);
  if (received == -EINTR || received == -EAGAIN || received == 0) return 0;
  return received > 0 ? 1 : received;
}

/* SIGINT, SIGTERM and SIGHUP as bytes on a pipe (the handler only writes the signal number),
 * so that a thread can end serving in order instead of libfuse's handler ending it at once.
 * Returns the pipe's read end, or -errno. The handlers are installed without SA_RESTART: the
 * loop's wait is interrupted when the signal is sent to its thread. */
static inline int *cfuse3_signal_pipe(void) {
  static int fds[2] = { -1, -1 };
  return fds;
}

static inline void cfuse3_signal_to_pipe(int sig) {
  int saved = errno;
  unsigned char byte = (unsigned char)sig;
  ssize_t written = write(cfuse3_signal_pipe()[1], &byte, 1);
  (void)written;
  errno = saved;
}

static inline int cfuse3_install_shutdown_signals(void) {
  int *fds = cfuse3_signal_pipe();
  /* A fresh pipe each time: bytes left by an earlier session (the wake-up signal, the final 0)
   * must not end this one. */
  if (fds[0] >= 0) {
    close(fds[0]);
    close(fds[1]);
  }
  if (pipe2(fds, O_CLOEXEC) != 0) return -errno;
  struct sigaction action;
  memset(&action, 0, sizeof action);
  action.sa_handler = cfuse3_signal_to_pipe;
  sigemptyset(&action.sa_mask);
  if (sigaction(SIGINT, &action, NULL) != 0 || sigaction(SIGTERM, &action, NULL) != 0 ||
      sigaction(SIGHUP, &action, NULL) != 0)
    return -errno;
  signal(SIGPIPE, SIG_IGN);
  return fds[0];
}

/* Writes `byte` to the signal pipe (0 tells its reader that serving ended without a signal). */
static inline void cfuse3_post_shutdown(unsigned char byte) {
  ssize_t written = write(cfuse3_signal_pipe()[1], &byte, 1);
  (void)written;
}

static inline void cfuse3_restore_shutdown_signals(void) {
  signal(SIGINT, SIG_DFL);
  signal(SIGTERM, SIG_DFL);
  signal(SIGHUP, SIG_DFL);
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

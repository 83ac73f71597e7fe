/* libtiny.so.1 for every architecture: NEEDED on libc (getpid, a versioned glibc symbol) and
 * one exported symbol in its own version node TINY_1.0 (tiny.map). */
#include <unistd.h>

int tiny_value(void) { return getpid() > 0 ? 7 : -1; }

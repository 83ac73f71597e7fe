/* librelro_now.so (-z relro -z now: PT_GNU_RELRO, DT_FLAGS BIND_NOW, DT_FLAGS_1 NOW) and
 * liblazy.so (-z norelro -z lazy: neither). It calls puts so it has a PLT/GOT entry. */
#include <stdio.h>

int relro_value(void) { return puts("") >= 0 ? 5 : 0; }

/* A minimal extension module for foreign architectures: it defines PyInit_MODNAME without
 * Python.h (no headers exist for the target), leaving PyModule_Create2 undefined exactly as a
 * real extension does. It is never loaded; only its ELF shape matters. */
#ifndef MODNAME
#error "define MODNAME"
#endif
#define CAT_(a, b) a##b
#define CAT(a, b) CAT_(a, b)

extern void *PyModule_Create2(void *def, int api_version);
extern int tiny_value(void);

static struct { char head[256]; } moddef;

void *CAT(PyInit_, MODNAME)(void) {
    if (tiny_value() < 0) return 0;
    return PyModule_Create2(&moddef, 1013);
}

/* Shared declarations for the fixture sources. Each CPython extension is built from ext.c plus
 * one val_*.c file that defines fixture_value(): the number the module's value() returns. */
#ifndef WHEELFS_FIXTURE_H
#define WHEELFS_FIXTURE_H
#define FIXTURE_HIDDEN __attribute__((visibility("hidden")))
FIXTURE_HIDDEN long fixture_value(void);
#endif

/* libpython wheel: an ordinary module, but linked (--no-as-needed) against a stub
 * libpython3.11.so.1.0 so it carries DT_NEEDED libpython3.11.so.1.0. value() == 311. */
#include "fixture.h"

long fixture_value(void) { return 311; }

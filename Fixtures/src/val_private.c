/* private wheel: NEEDED liba.so.1 (outside the wheel) -> libb.so.1 -> libc_chain.so.1.
 * value() == liba_value() == 111. */
#include "fixture.h"

int liba_value(void);

long fixture_value(void) { return liba_value(); }

/* shared wheel, module _one: needs libshared.so.1. value() == 1001. */
#include "fixture.h"

int shared_value(void);

long fixture_value(void) { return shared_value() + 1; }
